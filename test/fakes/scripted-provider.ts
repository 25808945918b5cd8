import type { ToolCall } from "../../core/domain/message.ts";
import { ZERO_USAGE, type TokenUsage } from "../../core/domain/usage.ts";
import type { ChatRequest, LlmProvider, ModelCapabilities, StreamChunk } from "../../core/ports/llm-provider.ts";

/** One scripted reply: chunks to stream, an error to throw (optionally after some chunks), or a function of the request. */
export type ScriptedReply =
  | readonly StreamChunk[]
  | { readonly chunks?: readonly StreamChunk[]; readonly error: Error }
  | { readonly chunks: readonly StreamChunk[]; readonly waitForAbort: true }
  | ((request: ChatRequest) => ScriptedReply);

/**
 * An in-process LlmProvider for engine tests: streams scripted replies in order and records
 * every request. Wire formats are tested against real SDKs in the adapters' own tests.
 */
export class ScriptedProvider implements LlmProvider {
  readonly name: string = "scripted";
  readonly requests: ChatRequest[] = [];
  readonly #replies: ScriptedReply[];
  readonly #capabilities: ModelCapabilities;

  constructor(replies: ScriptedReply[] = [], capabilities: ModelCapabilities = { contextWindow: 200_000, maxOutputTokens: 8_192 }) {
    this.#replies = replies;
    this.#capabilities = capabilities;
  }

  push(...replies: ScriptedReply[]): void {
    this.#replies.push(...replies);
  }

  async capabilities(): Promise<ModelCapabilities> {
    return this.#capabilities;
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    this.requests.push(structuredClone(request) as ChatRequest);
    let reply = this.#replies.shift();
    if (reply === undefined) throw new Error(`ScriptedProvider: no reply scripted for request ${this.requests.length}`);
    while (typeof reply === "function") reply = reply(request);
    const chunks = Array.isArray(reply) ? reply : ((reply as { chunks?: readonly StreamChunk[] }).chunks ?? []);
    for (const chunk of chunks) {
      signal.throwIfAborted();
      await Promise.resolve();
      yield chunk;
    }
    if ("waitForAbort" in reply) {
      await new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if ("error" in reply) throw reply.error;
  }
}

export function usage(partial: Partial<TokenUsage> = {}): TokenUsage {
  return { ...ZERO_USAGE, promptTokens: 100, completionTokens: 20, stopReason: "end_turn", ...partial };
}

/** A reply that says `text` and finishes. */
export function textReply(text: string, u: Partial<TokenUsage> = {}): StreamChunk[] {
  return [{ type: "text_delta", text }, { type: "done", usage: usage(u) }];
}

/** A reply that calls tools (optionally after some text). */
export function toolReply(calls: { name: string; input: unknown; id?: string }[], text = ""): StreamChunk[] {
  const chunks: StreamChunk[] = text ? [{ type: "text_delta", text }] : [];
  calls.forEach((c, i) => {
    const call: ToolCall = { id: c.id ?? `call_${i}_${Math.random().toString(36).slice(2, 8)}`, name: c.name, arguments: JSON.stringify(c.input) };
    chunks.push({ type: "tool_call_ready", call });
  });
  chunks.push({ type: "done", usage: usage({ stopReason: "tool_use" }) });
  return chunks;
}
