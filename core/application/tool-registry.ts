import { validateJson } from "../domain/json-schema.ts";
import type { ToolSchema } from "../ports/llm-provider.ts";
import type { Tool } from "../ports/tool.ts";

/** A call the model made, resolved to a tool and a valid input, or the error the model should see. */
export type PreparedCall =
  | { readonly ok: true; readonly tool: Tool; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly error: string };

/**
 * The tools one agent offers, by canonical name. Parses and validates calls before any
 * approval is asked, so the model hears about a malformed call at once.
 */
export class ToolRegistry {
  readonly #tools = new Map<string, Tool>();
  /** Folded names and aliases → canonical name; a tool's own name wins over another's alias. */
  readonly #byFolded = new Map<string, string>();
  readonly #aliases = new Map<string, string>();

  register(tool: Tool): () => void {
    if (this.#tools.has(tool.name)) throw new Error(`a tool named ${tool.name} is already registered`);
    this.#tools.set(tool.name, tool);
    this.#byFolded.set(fold(tool.name), tool.name);
    const claimed = (tool.aliases ?? []).map(fold).filter((alias) => !this.#aliases.has(alias));
    for (const alias of claimed) this.#aliases.set(alias, tool.name);
    return () => {
      this.#tools.delete(tool.name);
      this.#byFolded.delete(fold(tool.name));
      for (const alias of claimed) this.#aliases.delete(alias);
    };
  }

  #whenMissing: ((name: string, signal: AbortSignal) => Promise<void>) | null = null;

  get names(): string[] {
    return [...this.#tools.keys()];
  }

  get(name: string): Tool | undefined {
    return this.#tools.get(this.canonicalName(name));
  }

  /** The canonical name for a model's variant (`read_file`, `READ` → `Read`); unknown names unchanged. */
  canonicalName(name: string): string {
    if (this.#tools.has(name)) return name;
    const folded = fold(name);
    return this.#byFolded.get(folded) ?? this.#aliases.get(folded) ?? name;
  }

  schemas(): ToolSchema[] {
    return [...this.#tools.values()].map(({ name, description, parameters }) => ({ name, description, parameters }));
  }

  /**
   * Called for a tool name nobody has registered yet, to wait for a source that may still bring
   * it (an MCP server still starting); prepareWaiting then looks again.
   */
  whenMissing(waiter: (name: string, signal: AbortSignal) => Promise<void>): void {
    this.#whenMissing = waiter;
  }

  /** prepare, after waiting for a tool that may be on its way (see whenMissing). */
  async prepareWaiting(name: string, rawArguments: string, signal: AbortSignal): Promise<PreparedCall> {
    if (!this.get(name) && this.#whenMissing) await this.#whenMissing(name, signal);
    return this.prepare(name, rawArguments);
  }

  prepare(name: string, rawArguments: string): PreparedCall {
    const tool = this.get(name);
    if (!tool) {
      return { ok: false, error: `Error: unknown tool "${name}". Available tools: ${this.names.join(", ")}.` };
    }
    let input: unknown;
    try {
      // Models send empty arguments for parameterless calls; that means `{}`.
      input = rawArguments.trim() === "" ? {} : JSON.parse(rawArguments);
    } catch (error) {
      return { ok: false, error: `Error: invalid JSON arguments for ${tool.name}: ${(error as Error).message}. Send a JSON object matching the tool's schema.` };
    }
    const problems = validateJson(tool.parameters, input);
    if (problems.length > 0) {
      return { ok: false, error: `Error: invalid arguments for ${tool.name}:\n${problems.map((p) => `- ${p}`).join("\n")}` };
    }
    return { ok: true, tool, input: input as Record<string, unknown> };
  }
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, "");
}
