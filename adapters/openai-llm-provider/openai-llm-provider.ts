import type OpenAI from "openai";
import {
  ProviderError, type ChatRequest, type LlmProvider, type ModelCapabilities, type StreamChunk,
} from "../../core/ports/llm-provider.ts";
import { toProviderError, type ErrorContext, type SdkErrorClasses } from "./error-mapping.ts";
import { capabilitiesOf } from "./model-capabilities.ts";
import {
  findOpenAiCompatibleProvider, isLocalBaseUrl, providerForBaseUrl, STANDARD_DIALECT, type ContextSource, type WireDialect,
} from "./openai-compatible-providers.ts";
import { buildRequestBody } from "./request-body.ts";
import { ANSWER_CHANGES_ON_LOAD, serverLimits, type ServerLimits } from "./server-context.ts";
import { OpenAiStreamTranslator } from "./stream-translation.ts";
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, StreamWatchdog } from "../../core/ports/provider-support.ts";

const DEFAULT_TIMEOUT_MS = 300_000;
/** Asking a server about a model must never hold up a turn for long. */
const CAPABILITIES_TIMEOUT_MS = 3_000;

/**
 * Explicit settings: the adapter reads no environment variable itself (nor lets the SDK fall back
 * to OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID or OPENAI_LOG); the
 * composition root passes them here. The SDK still honours OPENAI_CUSTOM_HEADERS.
 */
export interface OpenAiProviderOptions {
  /** What the status bar shows: "openai", "openrouter", "ollama"… Known names bring their defaults. */
  readonly name: string;
  /** Sent as `Authorization: Bearer`; without it no Authorization header is sent (local servers need none). */
  readonly apiKey?: string;
  /** The OpenAI-compatible root, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  readonly baseUrl: string;
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Longest wait for the response to start, and then for each next chunk. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Longest wait for the first event of a reply (default 60 s): a server that accepted the request and sends nothing is dead. */
  readonly firstByteTimeoutMs?: number;
  /** The variable auth errors tell the user to set; defaults to the known provider's, else OPENAI_API_KEY. */
  readonly apiKeyEnv?: string;
}

export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiLlmProvider {
  return new OpenAiLlmProvider(options);
}

interface LoadedSdk {
  readonly client: OpenAI;
  readonly errors: SdkErrorClasses;
}

/**
 * LlmProvider over any server speaking OpenAI's Chat Completions API. The server behind the base
 * URL (else the name) picks the wire dialect and where context windows are read. The SDK is
 * imported on first use and does not retry (the engine does); every failure leaves as a
 * ProviderError, cancellation as an AbortError.
 */
export class OpenAiLlmProvider implements LlmProvider {
  readonly name: string;
  readonly #apiKey: string | undefined;
  readonly #baseUrl: string;
  readonly #defaultHeaders: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #firstByteTimeoutMs: number;
  readonly #dialect: WireDialect;
  readonly #contextSource: ContextSource;
  readonly #errorContext: Omit<ErrorContext, "model" | "phase">;
  /**
   * Server answers per model, where they do not change with loading; failed questions are not
   * kept either, so a server started later is asked again.
   */
  readonly #limits = new Map<string, Promise<ServerLimits>>();
  #sdk: Promise<LoadedSdk> | undefined;

  constructor(options: OpenAiProviderOptions) {
    this.name = options.name;
    this.#apiKey = options.apiKey === "" ? undefined : options.apiKey;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#defaultHeaders = options.defaultHeaders ?? {};
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#firstByteTimeoutMs = Math.min(this.#timeoutMs, options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
    const known = providerForBaseUrl(this.#baseUrl) ?? findOpenAiCompatibleProvider(options.name);
    this.#dialect = known?.dialect ?? STANDARD_DIALECT;
    // An unknown server may still be vLLM or a gateway that lists limits with its models.
    this.#contextSource = known?.contextSource ?? "models";
    this.#errorContext = {
      label: known?.label ?? options.name,
      baseUrl: this.#baseUrl,
      local: isLocalBaseUrl(this.#baseUrl),
      apiKeyEnv: options.apiKeyEnv ?? known?.apiKeyEnv ?? "OPENAI_API_KEY",
      hasApiKey: this.#apiKey !== undefined,
    };
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    if (signal.aborted) throw abortError(signal);
    const { client, errors } = await this.#loadSdk();
    const watchdog = new StreamWatchdog(signal, this.#timeoutMs, this.#firstByteTimeoutMs);
    const label = this.#errorContext.label;
    const fail = (error: unknown, phase: ErrorContext["phase"]): Error => {
      if (signal.aborted) return abortError(signal);
      if (watchdog.expired) return watchdog.timeoutError(label, error);
      return toProviderError(error, { ...this.#errorContext, model: request.model, phase }, errors);
    };
    try {
      let chunks: AsyncIterable<unknown>;
      try {
        chunks = await client.chat.completions.create(buildRequestBody(request, this.#dialect), { signal: watchdog.signal });
      } catch (error) {
        throw fail(error, "request");
      }
      const translator = new OpenAiStreamTranslator(label);
      try {
        for await (const chunk of chunks) {
          // Chunks already buffered still arrive after an abort; cancellation must not wait for them.
          if (signal.aborted) throw abortError(signal);
          watchdog.reset();
          yield* translator.accept(chunk);
        }
      } catch (error) {
        throw fail(error, "stream");
      }
      // The SDK ends its stream quietly when aborted, and says nothing when the body ends without
      // [DONE]; a missing finish_reason means the caller aborted, the watchdog fired or the server
      // stopped early, and fail() tells them apart.
      if (!translator.finished) throw fail(new Error("the stream ended before a finish_reason"), "stream");
      yield translator.done();
    } finally {
      // Also reached when the consumer stops early: make sure the HTTP stream is closed.
      watchdog.dispose();
    }
  }

  /** Never throws: a server that cannot be asked leaves the catalog and the defaults to answer. */
  async capabilities(model: string, signal: AbortSignal): Promise<ModelCapabilities> {
    let limits = this.#limits.get(model);
    if (limits === undefined) {
      const query = { baseUrl: this.#baseUrl, headers: this.#headers(), signal, timeoutMs: CAPABILITIES_TIMEOUT_MS };
      limits = serverLimits(this.#contextSource, model, query);
      if (!ANSWER_CHANGES_ON_LOAD.has(this.#contextSource)) this.#limits.set(model, limits);
    }
    try {
      return capabilitiesOf(model, await limits);
    } catch {
      this.#limits.delete(model);
      return capabilitiesOf(model, {});
    }
  }

  /** The model ids GET /models lists, e.g. to offer what a local server has installed. */
  async listModels(signal: AbortSignal): Promise<string[]> {
    if (signal.aborted) throw abortError(signal);
    const { client, errors } = await this.#loadSdk();
    try {
      const ids: string[] = [];
      for await (const model of client.models.list({ signal })) ids.push(model.id);
      return ids;
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      throw toProviderError(error, { ...this.#errorContext, model: "", phase: "request" }, errors);
    }
  }

  #headers(): Record<string, string> {
    return { ...this.#defaultHeaders, ...(this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` }) };
  }

  #loadSdk(): Promise<LoadedSdk> {
    this.#sdk ??= import("openai").then((sdk) => ({
      client: new sdk.OpenAI({
        // Every credential option given, so the SDK never consults the environment. The SDK insists
        // on a key; without one a placeholder satisfies it and the null header below drops it.
        apiKey: this.#apiKey ?? "unused",
        adminAPIKey: null,
        organization: null,
        project: null,
        webhookSecret: null,
        baseURL: this.#baseUrl,
        defaultHeaders: { ...this.#defaultHeaders, ...(this.#apiKey === undefined ? { Authorization: null } : {}) },
        timeout: this.#timeoutMs,
        maxRetries: 0,
        // The TUI owns the terminal; failures reach the user as ProviderErrors instead.
        logLevel: "off",
      }),
      errors: sdk,
    }));
    return this.#sdk;
  }
}


/** The caller's reason when it is an AbortError, else a fresh one: cancellation is never a ProviderError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The request was cancelled.", "AbortError");
}
