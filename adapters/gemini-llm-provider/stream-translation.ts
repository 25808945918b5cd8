import { randomUUID } from "node:crypto";
import type { GenerateContentResponse, GenerateContentResponseUsageMetadata, Part } from "@google/genai";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";

export interface TranslatorOptions {
  /** Tool call ids already in the conversation; a reply must not reuse them. */
  readonly takenIds?: Iterable<string>;
  /** Makes an id for a call the wire gave none (or a taken one); random by default. */
  readonly newId?: () => string;
}

/**
 * Turns Gemini stream responses into StreamChunks, one response at a time. Pure and synchronous,
 * so the wire mapping is tested without HTTP; the provider owns transport, abort and errors.
 *
 * Gemini streams whole parts: text and thoughts in pieces, each function call complete in one
 * part. Its thought signature rides on a part (the first function call of a reply, else usually a
 * text part); Ursa keeps one per reply and hands it out as a `thinking_signature` chunk just before
 * `done`, so the message converter can put it back on the part Gemini checks.
 */
export class GeminiStreamTranslator {
  readonly #takenIds: Set<string>;
  readonly #newId: () => string;
  #usage: GenerateContentResponseUsageMetadata | undefined;
  #finishReason: string | undefined;
  #sawCalls = false;
  #signature: { readonly value: string; readonly onCall: boolean } | undefined;

  constructor(options: TranslatorOptions = {}) {
    this.#takenIds = new Set(options.takenIds ?? []);
    this.#newId = options.newId ?? randomCallId;
  }

  /** True once a finishReason arrived; a stream that ends earlier was cut off. */
  get finished(): boolean {
    return this.#finishReason !== undefined;
  }

  accept(response: GenerateContentResponse): StreamChunk[] {
    if (response.usageMetadata) this.#usage = response.usageMetadata;
    const candidate = response.candidates?.[0];
    if (candidate === undefined) {
      const blocked = response.promptFeedback?.blockReason;
      if (blocked !== undefined) {
        throw new ProviderError("bad_request", `Gemini refused the prompt (blocked: ${blocked}). Rephrase the request or remove the flagged content.`);
      }
      return [];
    }
    const chunks = (candidate.content?.parts ?? []).flatMap((part) => this.#part(part));
    if (candidate.finishReason !== undefined) this.#finishReason = candidate.finishReason;
    return chunks;
  }

  /** The signature and `done`, once the stream ended after a finishReason. */
  end(): StreamChunk[] {
    const stopReason = stopReasonOf(this.#finishReason ?? "", this.#sawCalls);
    const done: StreamChunk = { type: "done", usage: toTokenUsage(this.#usage, stopReason) };
    return this.#signature === undefined ? [done] : [{ type: "thinking_signature", signature: this.#signature.value }, done];
  }

  #part(part: Part): StreamChunk[] {
    if (typeof part.thoughtSignature === "string" && part.thoughtSignature !== "") {
      this.#keepSignature(part.thoughtSignature, part.functionCall !== undefined);
    }
    if (part.functionCall !== undefined) {
      const { name, args, id } = part.functionCall;
      if (typeof name !== "string" || name === "") throw new ProviderError("protocol", "Gemini sent a function call without a name.");
      this.#sawCalls = true;
      // Tools take objects; Gemini sends args as parsed JSON, so there is no broken text to pass on.
      const json = JSON.stringify(isObject(args) ? args : {});
      return [{ type: "tool_call_ready", call: { id: this.#uniqueId(id), name, arguments: json } }];
    }
    if (typeof part.text !== "string" || part.text === "") return [];
    return [part.thought === true ? { type: "thinking_delta", text: part.text } : { type: "text_delta", text: part.text }];
  }

  /** The signature on a function call is the one Gemini verifies; any other is kept only if first. */
  #keepSignature(value: string, onCall: boolean): void {
    if (this.#signature === undefined || (onCall && !this.#signature.onCall)) this.#signature = { value, onCall };
  }

  /**
   * Gemini usually sends no call ids and may reuse the ones it sends in later turns, while Ursa's
   * history (and other providers after a switch) needs every id unique.
   */
  #uniqueId(wireId: string | undefined): string {
    const id = wireId !== undefined && wireId !== "" && !this.#takenIds.has(wireId) ? wireId : this.#newId();
    this.#takenIds.add(id);
    return id;
  }
}

/**
 * Ursa's usage from Gemini's: promptTokenCount includes the cached tokens, which are billed at the
 * cache rate, so they move to cacheReadTokens. Thoughts are billed as output but counted apart
 * from candidatesTokenCount, so completionTokens adds them back. Gemini's implicit caching has no
 * write cost: cacheCreationTokens is always 0.
 */
export function toTokenUsage(usage: GenerateContentResponseUsageMetadata | undefined, stopReason: string): TokenUsage {
  const cached = usage?.cachedContentTokenCount ?? 0;
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  // Prompts that server-side tools (search, code execution) added are billed as input too.
  const prompt = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  return {
    promptTokens: Math.max(0, prompt - cached),
    completionTokens: (usage?.candidatesTokenCount ?? 0) + thoughts,
    cacheReadTokens: cached,
    cacheCreationTokens: 0,
    thinkingTokens: thoughts,
    stopReason,
  };
}

/** Gemini ends tool-calling replies with STOP too; the port wants "tool_use" then. Others pass through ("SAFETY"). */
export function stopReasonOf(finishReason: string, sawCalls: boolean): string {
  if (finishReason === "STOP") return sawCalls ? "tool_use" : "end_turn";
  if (finishReason === "MAX_TOKENS") return "max_tokens";
  return finishReason;
}

function randomCallId(): string {
  return `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
