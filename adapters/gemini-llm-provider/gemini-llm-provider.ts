import type { GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { DEFAULT_CAPABILITIES, lookupModel } from "../../core/domain/model-catalog.ts";
import {
  ProviderError, type ChatMessage, type ChatRequest, type LlmProvider, type ModelCapabilities, type StreamChunk,
} from "../../core/ports/llm-provider.ts";
import { GEMINI_API_KEY_ENV, toProviderError, type ErrorContext } from "./error-mapping.ts";
import { buildGenerateParams } from "./request-body.ts";
import { GeminiStreamTranslator } from "./stream-translation.ts";
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, StreamWatchdog } from "../../core/ports/provider-support.ts";
import { DEFAULT_GEMINI_MODEL } from "./default-model.ts";

export const DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Explicit settings: the adapter does not read GEMINI_API_KEY (or GOOGLE_API_KEY,
 * GOOGLE_GEMINI_BASE_URL, GOOGLE_GENAI_USE_VERTEXAI) itself, nor lets the SDK fall back to them;
 * the composition root reads the environment and passes them here.
 */
export interface GeminiProviderOptions {
  /** Sent as `x-goog-api-key`; without it every stream fails with an `auth` ProviderError. */
  readonly apiKey?: string;
  /** The variable the key was read from, named when it is missing or refused. Default GEMINI_API_KEY. */
  readonly apiKeyEnv?: string;
  /** Defaults to https://generativelanguage.googleapis.com; the SDK appends /v1beta/models/…. */
  readonly baseUrl?: string;
  /** Longest wait for the response to start, and then for each next stream event. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Longest wait for the first event of a reply (default 60 s): a server that accepted the request and sends nothing is dead. */
  readonly firstByteTimeoutMs?: number;
}

export function createGeminiProvider(options: GeminiProviderOptions = {}): GeminiLlmProvider {
  return new GeminiLlmProvider(options);
}

/**
 * LlmProvider over the Gemini API (@google/genai). The SDK is imported on the first stream, so
 * `--version` and `--help` never pay for loading it. The SDK does not retry (the engine does,
 * with visible warnings); every failure leaves as a ProviderError, cancellation as an AbortError.
 */
export class GeminiLlmProvider implements LlmProvider {
  readonly name = "gemini";
  readonly #apiKey: string | undefined;
  readonly #apiKeyEnv: string;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #firstByteTimeoutMs: number;
  #client: Promise<GoogleGenAI> | undefined;

  constructor(options: GeminiProviderOptions = {}) {
    this.#apiKey = options.apiKey;
    this.#apiKeyEnv = options.apiKeyEnv ?? GEMINI_API_KEY_ENV;
    this.#baseUrl = (options.baseUrl ?? DEFAULT_GEMINI_BASE_URL).replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#firstByteTimeoutMs = Math.min(this.#timeoutMs, options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    if (signal.aborted) throw abortError(signal);
    if (this.#apiKey === undefined || this.#apiKey === "") {
      throw new ProviderError("auth", `No Gemini API key. Set ${this.#apiKeyEnv}.`);
    }
    const client = await this.#loadClient();
    const watchdog = new StreamWatchdog(signal, this.#timeoutMs, this.#firstByteTimeoutMs);
    const fail = (error: unknown, phase: ErrorContext["phase"]): Error => {
      if (signal.aborted) return abortError(signal);
      if (watchdog.expired) return watchdog.timeoutError("Gemini", error);
      return toProviderError(error, { model: request.model, baseUrl: this.#baseUrl, apiKeyEnv: this.#apiKeyEnv, phase });
    };
    try {
      let responses: AsyncGenerator<GenerateContentResponse>;
      try {
        responses = await client.models.generateContentStream(buildGenerateParams(request, watchdog.signal));
      } catch (error) {
        throw fail(error, "request");
      }
      const translator = new GeminiStreamTranslator({ takenIds: callIdsIn(request.messages) });
      try {
        for await (const response of responses) {
          // Responses already buffered still arrive after an abort; cancellation must not wait for them.
          if (signal.aborted) throw abortError(signal);
          watchdog.reset();
          yield* translator.accept(response);
        }
      } catch (error) {
        throw fail(error, "stream");
      }
      // The SDK ends its stream quietly when the body ends, so a missing finishReason can mean the
      // caller aborted, the watchdog fired or the server stopped early; fail() tells them apart.
      if (!translator.finished) throw fail(new Error("the stream ended without a finishReason"), "stream");
      yield* translator.end();
    } finally {
      // Also reached when the consumer stops early: make sure the HTTP stream is closed.
      watchdog.dispose();
    }
  }

  async capabilities(model: string, _signal: AbortSignal): Promise<ModelCapabilities> {
    const entry = lookupModel(model);
    return entry === undefined ? DEFAULT_CAPABILITIES : { contextWindow: entry.contextWindow, maxOutputTokens: entry.maxOutputTokens };
  }

  #loadClient(): Promise<GoogleGenAI> {
    this.#client ??= import("@google/genai").then(({ GoogleGenAI: Client }) => new Client({
      // All three given, so the SDK never consults the environment: no other key, backend or URL.
      apiKey: this.#apiKey,
      vertexai: false,
      httpOptions: { baseUrl: this.#baseUrl },
    }));
    return this.#client;
  }
}

/** Ids the conversation already uses: a reply's calls must get new ones. */
function callIdsIn(messages: readonly ChatMessage[]): string[] {
  return messages.flatMap((message) => (message.toolCalls ?? []).map((call) => call.id));
}


/** The caller's reason when it is an AbortError, else a fresh one: cancellation is never a ProviderError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The Gemini request was cancelled.", "AbortError");
}
