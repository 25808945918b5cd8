import { randomUUID } from "node:crypto";
import { ThinkTagSplitter } from "./think-tags.ts";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";

/** A tool call whose arguments may still be streaming. */
interface OpenCall {
  readonly index: number;
  id: string;
  name: string;
  json: string;
}

type Loose = Readonly<Record<string, unknown>>;
type MutableUsage = { -readonly [K in keyof TokenUsage]: TokenUsage[K] };

const STOP_REASONS: Readonly<Record<string, string>> = {
  stop: "end_turn", tool_calls: "tool_use", function_call: "tool_use", length: "max_tokens",
};

/**
 * Turns Chat Completions chunks into StreamChunks, one chunk at a time. Pure and synchronous, so
 * the wire mapping is tested without HTTP; the provider owns transport, abort and errors. Chunks
 * are read loosely because compatible servers add fields (`reasoning_content`, `reasoning`) and
 * leave others out (tool call ids, indexes).
 */
export class OpenAiStreamTranslator {
  readonly #label: string;
  #open: OpenCall[] = [];
  #emittedCalls = 0;
  #usage: MutableUsage = {
    promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "",
  };
  #finishReason: string | undefined;
  readonly #thinkTags = new ThinkTagSplitter();

  constructor(label: string) {
    this.#label = label;
  }

  /** True once a finish_reason arrived; a stream that ends earlier was cut off. */
  get finished(): boolean {
    return this.#finishReason !== undefined;
  }

  accept(chunk: unknown): StreamChunk[] {
    if (!isObject(chunk)) throw this.#protocolError("a chunk that is not an object");
    if (isObject(chunk["usage"])) this.#takeUsage(chunk["usage"]);
    const choices = chunk["choices"];
    if (choices !== undefined && choices !== null && !Array.isArray(choices)) throw this.#protocolError("`choices` that is not a list");
    // Ursa never asks for n > 1; a server that sends more choices gets only its first one read.
    const choice = Array.isArray(choices) ? choices.find((c) => isObject(c) && (c["index"] ?? 0) === 0) : undefined;
    if (!isObject(choice)) return [];
    const out: StreamChunk[] = [];
    if (isObject(choice["delta"])) out.push(...this.#delta(choice["delta"]));
    const finish = choice["finish_reason"];
    if (typeof finish === "string" && finish !== "") {
      out.push(...this.#thinkTags.flush(), ...this.#closeCalls());
      this.#finishReason = finish;
    }
    return out;
  }

  /** The final chunk, once the stream has ended after its finish_reason. */
  done(): StreamChunk {
    const reason = this.#finishReason ?? "";
    // Some servers say "stop" after tool calls; the engine must still see that tools were asked for.
    const stopReason = this.#emittedCalls > 0 && reason === "stop" ? "tool_use" : STOP_REASONS[reason] ?? reason;
    return { type: "done", usage: { ...this.#usage, stopReason } };
  }

  #delta(delta: Loose): StreamChunk[] {
    const out: StreamChunk[] = [];
    // Servers that send reasoning under both names send the same text twice; one is enough.
    const reasoning = nonEmpty(delta["reasoning_content"]) ?? nonEmpty(delta["reasoning"]);
    if (reasoning !== undefined) out.push({ type: "thinking_delta", text: reasoning });
    const text = nonEmpty(delta["content"]) ?? nonEmpty(delta["refusal"]);
    if (text !== undefined) out.push(...this.#thinkTags.feed(text));
    const calls = delta["tool_calls"];
    if (Array.isArray(calls)) for (const call of calls) out.push(...this.#toolCallDelta(call));
    return out;
  }

  /**
   * A piece of a tool call. A call starts with a new index, or with a new id at the same index
   * (Ollama numbers every call 0); the calls open before it are then complete, since servers
   * stream one call after another.
   */
  #toolCallDelta(delta: unknown): StreamChunk[] {
    if (!isObject(delta)) throw this.#protocolError("a tool call delta that is not an object");
    const fn = isObject(delta["function"]) ? delta["function"] : {};
    const id = nonEmpty(delta["id"]);
    const index = typeof delta["index"] === "number" ? delta["index"] : this.#open.at(-1)?.index ?? 0;
    let call = this.#open.find((c) => c.index === index);
    const out: StreamChunk[] = [];
    if (call === undefined || (id !== undefined && call.id !== "" && id !== call.id)) {
      out.push(...this.#closeCalls());
      call = { index, id: "", name: "", json: "" };
      this.#open.push(call);
    }
    if (call.id === "" && id !== undefined) call.id = id;
    // Names arrive whole; servers that repeat them on every delta must not have them doubled.
    if (call.name === "") call.name = nonEmpty(fn["name"]) ?? "";
    const args = fn["arguments"];
    // A few servers send the arguments as an object rather than JSON text.
    if (typeof args === "string") call.json += args;
    else if (isObject(args)) call.json = JSON.stringify(args);
    return out;
  }

  #closeCalls(): StreamChunk[] {
    const calls = this.#open;
    this.#open = [];
    return calls.map((call) => {
      if (call.name === "") throw this.#protocolError("a tool call without a function name");
      this.#emittedCalls++;
      // Servers that leave ids out still need every call answered by id, so one is made up.
      const id = call.id === "" ? `call_${randomUUID().replaceAll("-", "").slice(0, 24)}` : call.id;
      return { type: "tool_call_ready", call: { id, name: call.name, arguments: toolArguments(call.json) } };
    });
  }

  /**
   * `prompt_tokens` counts cached and cache-written tokens too; Ursa's promptTokens are the
   * uncached rest. DeepSeek reports its cache hits at the top level instead of in the details.
   */
  #takeUsage(usage: Loose): void {
    const details = isObject(usage["prompt_tokens_details"]) ? usage["prompt_tokens_details"] : {};
    const output = isObject(usage["completion_tokens_details"]) ? usage["completion_tokens_details"] : {};
    const cacheRead = count(details["cached_tokens"]) ?? count(usage["prompt_cache_hit_tokens"]) ?? 0;
    const cacheWrite = count(details["cache_write_tokens"]) ?? 0;
    const prompt = count(usage["prompt_tokens"]) ?? 0;
    this.#usage.promptTokens = Math.max(0, prompt - cacheRead - cacheWrite);
    this.#usage.cacheReadTokens = cacheRead;
    this.#usage.cacheCreationTokens = cacheWrite;
    this.#usage.completionTokens = count(usage["completion_tokens"]) ?? 0;
    this.#usage.thinkingTokens = count(output["reasoning_tokens"]) ?? 0;
  }

  #protocolError(detail: string): ProviderError {
    return new ProviderError("protocol", `${this.#label} sent a stream Ursa could not follow: ${detail}.`);
  }
}

/**
 * The tool call's JSON arguments: empty means `{}`, and valid JSON that is not an object is
 * coerced to `{}` (tools take objects). Invalid JSON — typically cut off by max_tokens — is passed
 * on verbatim so the engine can tell the model its arguments were broken.
 */
export function toolArguments(json: string): string {
  if (json.trim() === "") return "{}";
  try {
    return isObject(JSON.parse(json)) ? json : "{}";
  } catch {
    return json;
  }
}

function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
