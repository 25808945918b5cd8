import type { MessageDeltaUsage, RawMessageStreamEvent, Usage } from "@anthropic-ai/sdk/resources/messages";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";

/** A content block between its start and stop events. */
type OpenBlock =
  | { readonly type: "tool_use"; readonly id: string; readonly name: string; readonly startInput: unknown; json: string }
  | { readonly type: "text" | "thinking" | "other" };

/** Blocks and deltas are read loosely: the SDK's unions grow with every API release. */
type LooseObject = { readonly type: string; readonly [key: string]: unknown };

type MutableUsage = { -readonly [K in keyof TokenUsage]: TokenUsage[K] };

/**
 * Turns Anthropic stream events into StreamChunks, one event at a time. Pure and synchronous, so
 * the wire mapping is tested without HTTP; the provider owns transport, abort and errors.
 */
export class AnthropicStreamTranslator {
  #blocks = new Map<number, OpenBlock>();
  #usage: MutableUsage = {
    promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "",
  };
  #finished = false;

  /** True once message_stop arrived; a stream that ends earlier was cut off. */
  get finished(): boolean {
    return this.#finished;
  }

  accept(event: RawMessageStreamEvent): StreamChunk[] {
    if (this.#finished) return [];
    switch (event.type) {
      case "message_start":
        this.#takeUsage(event.message?.usage);
        return [];
      case "content_block_start":
        return this.#start(event.index, loose(event.content_block));
      case "content_block_delta":
        return this.#delta(event.index, loose(event.delta));
      case "content_block_stop":
        return this.#stop(event.index);
      case "message_delta":
        if (event.delta?.stop_reason) this.#usage.stopReason = event.delta.stop_reason;
        this.#takeUsage(event.usage);
        return [];
      case "message_stop":
        this.#finished = true;
        return [{ type: "done", usage: { ...this.#usage } }];
      default:
        // Event types newer than this adapter carry nothing it could show.
        return [];
    }
  }

  #start(index: number, block: LooseObject | undefined): StreamChunk[] {
    if (block === undefined) throw protocolError(`content_block_start ${index} has no typed content_block`);
    if (block.type === "tool_use") {
      this.#blocks.set(index, { type: "tool_use", id: String(block["id"]), name: String(block["name"]), startInput: block["input"], json: "" });
      return [];
    }
    if (block.type === "text" || block.type === "thinking") {
      this.#blocks.set(index, { type: block.type });
      // The API starts blocks empty, but text already present at the start must not be lost.
      const initial = block[block.type];
      if (typeof initial === "string" && initial !== "") {
        return [block.type === "text" ? { type: "text_delta", text: initial } : { type: "thinking_delta", text: initial }];
      }
      return [];
    }
    // redacted_thinking, server tool blocks…: nothing the port can carry.
    this.#blocks.set(index, { type: "other" });
    return [];
  }

  #delta(index: number, delta: LooseObject | undefined): StreamChunk[] {
    const block = this.#blocks.get(index);
    if (block === undefined) throw protocolError(`content_block_delta for block ${index}, which was never started`);
    if (delta === undefined) throw protocolError(`content_block_delta ${index} has no typed delta`);
    switch (delta.type) {
      case "text_delta":
        return nonEmpty(delta["text"], (text) => ({ type: "text_delta", text }));
      case "thinking_delta":
        return nonEmpty(delta["thinking"], (text) => ({ type: "thinking_delta", text }));
      case "signature_delta":
        return nonEmpty(delta["signature"], (signature) => ({ type: "thinking_signature", signature }));
      case "input_json_delta":
        if (block.type !== "tool_use") throw protocolError(`input_json_delta for ${block.type} block ${index}`);
        block.json += typeof delta["partial_json"] === "string" ? delta["partial_json"] : "";
        return [];
      default:
        return [];
    }
  }

  #stop(index: number): StreamChunk[] {
    const block = this.#blocks.get(index);
    if (block === undefined) throw protocolError(`content_block_stop for block ${index}, which was never started`);
    this.#blocks.delete(index);
    if (block.type !== "tool_use") return [];
    return [{ type: "tool_call_ready", call: { id: block.id, name: block.name, arguments: toolArguments(block.json, block.startInput) } }];
  }

  /** message_delta repeats the counts cumulatively; a null means "unchanged", not zero. */
  #takeUsage(usage: Partial<Usage> | Partial<MessageDeltaUsage> | undefined): void {
    if (usage === undefined || usage === null) return;
    if (typeof usage.input_tokens === "number") this.#usage.promptTokens = usage.input_tokens;
    if (typeof usage.output_tokens === "number") this.#usage.completionTokens = usage.output_tokens;
    if (typeof usage.cache_read_input_tokens === "number") this.#usage.cacheReadTokens = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === "number") this.#usage.cacheCreationTokens = usage.cache_creation_input_tokens;
    const thinking = usage.output_tokens_details?.thinking_tokens;
    if (typeof thinking === "number") this.#usage.thinkingTokens = thinking;
  }
}

/**
 * The tool call's JSON arguments: empty input means `{}`, and valid JSON that is not an object is
 * coerced to `{}` (tools take objects). Invalid JSON — typically cut off by max_tokens — is passed
 * on verbatim so the engine can tell the model its arguments were broken instead of running the
 * tool with none.
 */
export function toolArguments(json: string, startInput: unknown): string {
  if (json.trim() === "") return isNonEmptyObject(startInput) ? JSON.stringify(startInput) : "{}";
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  return isObject(parsed) ? json : "{}";
}

function loose(value: unknown): LooseObject | undefined {
  return isObject(value) && typeof value["type"] === "string" ? (value as LooseObject) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length > 0;
}

function nonEmpty(value: unknown, chunk: (text: string) => StreamChunk): StreamChunk[] {
  return typeof value === "string" && value !== "" ? [chunk(value)] : [];
}

function protocolError(detail: string): ProviderError {
  return new ProviderError("protocol", `Anthropic sent a stream Ursa could not follow: ${detail}.`);
}
