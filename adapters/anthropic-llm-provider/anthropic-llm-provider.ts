import type Anthropic from "@anthropic-ai/sdk";
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, StreamWatchdog } from "../../core/ports/provider-support.ts";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import {
  ProviderError, type ChatRequest, type LlmProvider, type ModelCapabilities, type StreamChunk,
} from "../../core/ports/llm-provider.ts";
import { toProviderError, type ErrorContext } from "./error-mapping.ts";
import { capabilitiesOf } from "./model-catalog.ts";
import { buildRequestBody } from "./request-body.ts";
import { AnthropicStreamTranslator } from "./stream-translation.ts";

export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Explicit settings: the adapter does not read ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL itself (nor
 * lets the SDK fall back to them or to its credential files); the composition root reads the
 * environment and passes them here. The SDK still honours its own diagnostics variables
 * (ANTHROPIC_CUSTOM_HEADERS, ANTHROPIC_OPEN_TELEMETRY*).
 */
export interface AnthropicProviderOptions {
  /** Sent as `Authorization: Bearer`; without it every stream fails with an `auth` ProviderError. */
  readonly apiKey?: string;
  /** Defaults to https://api.anthropic.com. */
  readonly baseUrl?: string;
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Longest wait for the response to start, and then for each next stream event. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Longest wait for the first event of a reply (default 60 s): a server that accepted the request and sends nothing is dead. */
  readonly firstByteTimeoutMs?: number;
}

export function createAnthropicProvider(options: AnthropicProviderOptions = {}): AnthropicLlmProvider {
  return new AnthropicLlmProvider(options);
}

/**
 * LlmProvider over the Anthropic Messages API. The SDK is imported on the first stream, so
 * `--version` and `--help` never pay for loading it. The SDK does not retry (the engine does,
 * with visible warnings); every failure leaves as a ProviderError, cancellation as an AbortError.
 */
export class AnthropicLlmProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly #apiKey: string | undefined;
  readonly #baseUrl: string;
  readonly #defaultHeaders: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #firstByteTimeoutMs: number;
  #client: Promise<Anthropic> | undefined;

  constructor(options: AnthropicProviderOptions = {}) {
    this.#apiKey = options.apiKey;
    this.#baseUrl = (options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, "");
    this.#defaultHeaders = options.defaultHeaders ?? {};
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#firstByteTimeoutMs = Math.min(this.#timeoutMs, options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    if (signal.aborted) throw abortError(signal);
    if (this.#apiKey === undefined || this.#apiKey === "") {
      throw new ProviderError("auth", "No Anthropic API key. Set ANTHROPIC_API_KEY.");
    }
    const client = await this.#loadClient();
    const watchdog = new StreamWatchdog(signal, this.#timeoutMs, this.#firstByteTimeoutMs);
    const context = (phase: ErrorContext["phase"]): ErrorContext => ({ model: request.model, baseUrl: this.#baseUrl, phase });
    const fail = (error: unknown, phase: ErrorContext["phase"]): Error => {
      if (signal.aborted) return abortError(signal);
      if (watchdog.expired) return watchdog.timeoutError("Anthropic", error);
      return toProviderError(error, context(phase));
    };
    try {
      let events: AsyncIterable<RawMessageStreamEvent>;
      try {
        events = await client.messages.create(buildRequestBody(request), { signal: watchdog.signal });
      } catch (error) {
        throw fail(error, "request");
      }
      const translator = new AnthropicStreamTranslator();
      try {
        for await (const event of events) {
          // Events already buffered still arrive after an abort; cancellation must not wait for them.
          if (signal.aborted) throw abortError(signal);
          watchdog.reset();
          yield* translate(translator, event);
        }
      } catch (error) {
        throw fail(error, "stream");
      }
      // The SDK ends its stream quietly when aborted, so a missing message_stop can mean the caller
      // aborted, the watchdog fired or the server stopped early; fail() tells them apart.
      if (!translator.finished) throw fail(new Error("the stream ended before message_stop"), "stream");
    } finally {
      // Also reached when the consumer stops early: make sure the HTTP stream is closed.
      watchdog.dispose();
    }
  }

  async capabilities(model: string, _signal: AbortSignal): Promise<ModelCapabilities> {
    return capabilitiesOf(model);
  }

  #loadClient(): Promise<Anthropic> {
    this.#client ??= import("@anthropic-ai/sdk").then(({ default: AnthropicClient }) => new AnthropicClient({
      // Both always given, so the SDK never consults the environment or its credential chain.
      apiKey: this.#apiKey ?? null,
      baseURL: this.#baseUrl,
      webhookKey: null,
      defaultHeaders: { ...this.#defaultHeaders },
      timeout: this.#timeoutMs,
      maxRetries: 0,
      // The TUI owns the terminal; failures reach the user as ProviderErrors instead.
      logLevel: "off",
    }));
    return this.#client;
  }
}

/** Shape problems inside the translator are protocol errors, not transport failures. */
function translate(translator: AnthropicStreamTranslator, event: RawMessageStreamEvent): StreamChunk[] {
  try {
    return translator.accept(event);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError("protocol", `Anthropic sent a stream event Ursa could not follow (${String(error)}).`, { cause: error });
  }
}



/** The caller's reason when it is an AbortError, else a fresh one: cancellation is never a ProviderError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The Anthropic request was cancelled.", "AbortError");
}
