import type { ToolResult } from "../ports/tool.ts";
import type { HookedCall, HookName, ToolHooks } from "../ports/tool-hooks.ts";

/**
 * Ordered, awaited decision points around tool calls. A handler that throws is reported
 * through `onError` and skipped: one broken plugin must not stop every tool call.
 */
export class HookPipeline {
  readonly #handlers: { [K in HookName]: ToolHooks[K][] } = { "tool.before": [], "tool.after": [] };
  readonly #onError: (name: HookName, error: unknown) => void;

  constructor(onError: (name: HookName, error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  register<K extends HookName>(name: K, handler: ToolHooks[K]): () => void {
    const list = this.#handlers[name] as ToolHooks[K][];
    list.push(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** The first block wins; input rewrites chain through the handlers in order. */
  async before(call: HookedCall): Promise<{ block: string } | { input: Record<string, unknown> } | null> {
    let input = call.input;
    let rewritten = false;
    for (const handler of [...this.#handlers["tool.before"]]) {
      try {
        const outcome = await handler({ ...call, input });
        if (outcome && "block" in outcome) return { block: outcome.block };
        if (outcome && "input" in outcome) {
          input = outcome.input;
          rewritten = true;
        }
      } catch (error) {
        this.#onError("tool.before", error);
      }
    }
    return rewritten ? { input: { ...input } } : null;
  }

  async after(call: HookedCall, result: ToolResult): Promise<ToolResult> {
    let current = result;
    for (const handler of [...this.#handlers["tool.after"]]) {
      try {
        const outcome = await handler({ ...call, result: current });
        if (outcome && "result" in outcome) current = outcome.result;
      } catch (error) {
        this.#onError("tool.after", error);
      }
    }
    return current;
  }
}
