import { createHash } from "node:crypto";

/** Where one request's prompt could be read from the cache: its size and the prefix it can reuse. */
export interface CacheReuse {
  /** Characters of the whole prompt (tools, system, messages), as serialised for comparison. */
  readonly totalChars: number;
  /** Characters before the furthest breakpoint whose exact prefix an earlier request already sent with a breakpoint. */
  readonly cachedChars: number;
  /** How many cache_control breakpoints the request carried. */
  readonly breakpoints: number;
}

/**
 * Knows where each request's `cache_control` breakpoints are, the way Anthropic's prompt cache
 * does: a breakpoint caches the exact prefix up to and including its block (tools, then system,
 * then messages), and a later request reads that prefix only if its own bytes up to one of its
 * breakpoints are identical. Characters stand in for tokens.
 */
export class CacheLedger {
  readonly #written = new Set<string>();
  readonly reuse: CacheReuse[] = [];

  observe(body: unknown): CacheReuse {
    const marks: { chars: number; digest: string }[] = [];
    const hash = createHash("sha256");
    let chars = 0;
    const add = (part: unknown, role?: string): void => {
      const { cache_control: control, ...rest } = part as Record<string, unknown>;
      const text = JSON.stringify(role === undefined ? rest : { role, ...rest });
      hash.update(text);
      chars += text.length;
      if (control !== undefined) marks.push({ chars, digest: hash.copy().digest("hex") });
    };
    const b = body as { tools?: unknown[]; system?: unknown; messages?: { role: string; content: unknown }[] };
    for (const tool of b.tools ?? []) add(tool);
    if (typeof b.system === "string") add({ type: "text", text: b.system });
    else for (const block of (b.system as unknown[] | undefined) ?? []) add(block);
    for (const message of b.messages ?? []) {
      const blocks = typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content as unknown[]);
      for (const block of blocks) add(block, message.role);
    }
    const cachedChars = Math.max(0, ...marks.filter((m) => this.#written.has(m.digest)).map((m) => m.chars));
    for (const mark of marks) this.#written.add(mark.digest);
    const reuse = { totalChars: chars, cachedChars, breakpoints: marks.length };
    this.reuse.push(reuse);
    return reuse;
  }
}
