import type { Role, ToolCall } from "../domain/message.ts";
import type { TokenUsage } from "../domain/usage.ts";
import type { JsonSchema } from "../domain/json-schema.ts";
import { token, type Token } from "./token.ts";

/** An image attached to a user message; in flight only, never persisted. */
export interface ImageData {
  readonly mediaType: string;
  readonly base64: string;
}

/** One message of a provider request, in Ursa's wire-neutral shape. */
export interface ChatMessage {
  readonly role: Role;
  readonly content: string;
  readonly toolCalls?: readonly ToolCall[];
  readonly toolCallId?: string;
  readonly thinking?: { readonly text: string; readonly signature: string | null };
  readonly images?: readonly ImageData[];
}

/** A tool as the model sees it. */
export interface ToolSchema {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

export interface ChatRequest {
  readonly model: string;
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSchema[];
  readonly maxTokens: number;
  readonly temperature?: number;
  /** Extended thinking budget in tokens; absent or 0 disables thinking. */
  readonly thinkingBudget?: number;
}

/** What a provider stream yields, in order; `done` comes last and only on a clean finish. */
export type StreamChunk =
  | { readonly type: "text_delta"; readonly text: string }
  | { readonly type: "thinking_delta"; readonly text: string }
  | { readonly type: "thinking_signature"; readonly signature: string }
  /** A complete tool call, as soon as its arguments finished streaming. */
  | { readonly type: "tool_call_ready"; readonly call: ToolCall }
  | { readonly type: "done"; readonly usage: TokenUsage };

export interface ModelCapabilities {
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
}

/**
 * A language model service. Adapters translate Ursa's request into their wire format and the
 * wire's stream back into StreamChunks; failures are thrown as ProviderError so the engine can
 * decide about retries and compaction without knowing the wire.
 */
export interface LlmProvider {
  /** Short name shown in the status bar ("anthropic"). */
  readonly name: string;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk>;
  /** What the server or catalog knows of the model; never throws for unknown models. */
  capabilities(model: string, signal: AbortSignal): Promise<ModelCapabilities>;
}

export const LLM_PROVIDER: Token<LlmProvider> = token("llm-provider");

export const PROVIDER_ERROR_KINDS = [
  "rate_limited", // 429: retry after backoff
  "overloaded", // 529 / 503 overloaded: retry after backoff
  "network", // connection reset, timed out, dropped mid-stream: retry if nothing was streamed yet
  "unreachable", // connection refused or host unknown: nothing listens there; retrying will not help
  "context_overflow", // the prompt is too long: compact once and retry once
  "auth", // bad or missing key: tell the user how to set it
  "not_found", // unknown model
  "bad_request", // the request itself is wrong
  "server", // 5xx
  "protocol", // the stream could not be understood
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

/**
 * The kind of a failure to talk to the server at all: a refused connection or an unknown host
 * means nothing is there (a local server not started, a typo in the URL), so it is not retried;
 * anything else about the connection may be transient.
 */
export function connectionFailureKind(reason: string, midStream: boolean): ProviderErrorKind {
  return !midStream && /ECONNREFUSED|ENOTFOUND|bad port/.test(reason) ? "unreachable" : "network";
}

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** The server accepted the request and sent nothing at all before the first-byte timeout. */
  readonly silent: boolean;
  constructor(kind: ProviderErrorKind, message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown; silent?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.silent = options.silent ?? false;
  }

  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "overloaded" || this.kind === "network" || this.kind === "server";
  }
}
