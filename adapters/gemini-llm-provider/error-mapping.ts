import { connectionFailureKind, ProviderError, type ProviderErrorKind } from "../../core/ports/llm-provider.ts";
import { describeCause, oneLine, withPeriod } from "../../core/ports/provider-support.ts";

/** What a message needs to name besides the error itself. */
export interface ErrorContext {
  readonly model: string;
  readonly baseUrl: string;
  /** The variable the key was read from (GOOGLE_API_KEY when GEMINI_API_KEY was not set). */
  readonly apiKeyEnv: string;
  /** "request" until the response started streaming, then "stream". */
  readonly phase: "request" | "stream";
}

/**
 * The SDK's ApiError as seen structurally, which keeps this module free of a runtime SDK import.
 * Its message is Google's error body as JSON, prefixed with "got status: …. " when the error came
 * as an event inside a started stream.
 */
interface ApiErrorLike {
  readonly name: "ApiError";
  readonly message: string;
  readonly status: number;
}

/** Google's `{error: {code, message, status, details}}`, as far as it could be read. */
interface GoogleError {
  readonly message: string;
  /** The google.rpc code name, e.g. "RESOURCE_EXHAUSTED". */
  readonly status: string;
  readonly details: readonly unknown[];
}

const MID_STREAM_PREFIX = "got status:";

/** Gemini's own key variable; it wins over GOOGLE_API_KEY. */
export const GEMINI_API_KEY_ENV = "GEMINI_API_KEY";

/** Classifies any failure of a request or stream into the engine's ProviderError kinds. */
export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isApiError(error)) return fromApiError(error, context);
  if (error instanceof SyntaxError) {
    return new ProviderError("protocol", `Gemini sent a stream event that is not valid JSON (${oneLine(error.message)}).`, { cause: error });
  }
  return networkError(error, context);
}

function fromApiError(error: ApiErrorLike, context: ErrorContext): ProviderError {
  const body = parseGoogleError(error.message);
  const detail = oneLine(body.message);
  const kind = kindOf(error.status, body, detail);
  const options = { status: error.status, retryAfterMs: retryDelayMs(body), cause: error };
  if (error.message.startsWith(MID_STREAM_PREFIX)) {
    return new ProviderError(kind, `Gemini reported ${body.status || error.status} mid-stream: ${detail}`, options);
  }
  return new ProviderError(kind, messageFor(kind, error.status, detail, context), options);
}

function kindOf(status: number, body: GoogleError, detail: string): ProviderErrorKind {
  if (status === 429 || body.status === "RESOURCE_EXHAUSTED") return "rate_limited";
  // An invalid key is a 400 INVALID_ARGUMENT on this API; only its wording and reason tell.
  if (status === 401 || status === 403 || body.status === "UNAUTHENTICATED" || body.status === "PERMISSION_DENIED" || isKeyRejected(body, detail)) {
    return "auth";
  }
  if (status === 404 || body.status === "NOT_FOUND") return "not_found";
  if (status === 503 || body.status === "UNAVAILABLE") return "overloaded";
  if (status === 413 || (status === 400 && isContextOverflow(detail))) return "context_overflow";
  if (status >= 500) return "server";
  return "bad_request";
}

function messageFor(kind: ProviderErrorKind, status: number, detail: string, context: ErrorContext): string {
  switch (kind) {
    case "auth":
      if (status === 403) return `Gemini denied access (403): ${withPeriod(detail)} Check that the API key may use ${context.model}.`;
      return context.apiKeyEnv === GEMINI_API_KEY_ENV
        ? `Gemini rejected the API key (${status}: ${detail}). Set ${GEMINI_API_KEY_ENV} to a valid key.`
        : `Gemini rejected the API key from ${context.apiKeyEnv} (${status}: ${detail}). Set ${context.apiKeyEnv} (or ${GEMINI_API_KEY_ENV}, which wins) to a valid key.`;
    case "not_found":
      return `Gemini has no model "${context.model}" (404: ${detail}). Choose another model.`;
    case "rate_limited":
      return `Gemini rate limit or quota reached (${status}): ${detail}`;
    case "overloaded":
      return `Gemini is overloaded (${status}): ${detail}`;
    case "context_overflow":
      return `The conversation is too long for ${context.model} (${status}): ${detail}`;
    case "server":
      return `Gemini server error (${status}): ${detail}`;
    default:
      return `Gemini rejected the request (${status}): ${detail}`;
  }
}

const CONTEXT_OVERFLOW = /input token count|exceeds the maximum number of tokens|too many (input )?tokens|context (window|length|limit)|payload size exceeds/i;

/** Whether a 400's message says the input does not fit, which compaction can fix. */
export function isContextOverflow(detail: string): boolean {
  return CONTEXT_OVERFLOW.test(detail);
}

function isKeyRejected(body: GoogleError, detail: string): boolean {
  return /API key (not valid|expired|invalid)/i.test(detail) || body.details.some((d) => isObject(d) && d["reason"] === "API_KEY_INVALID");
}

/**
 * Milliseconds Google asked us to wait: RetryInfo's `retryDelay` ("7s", "0.5s"), else the
 * "Please retry in 59.1s." of a quota message; undefined when neither is there.
 */
export function retryDelayMs(body: GoogleError): number | undefined {
  for (const detail of body.details) {
    if (!isObject(detail) || typeof detail["retryDelay"] !== "string") continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail["retryDelay"].trim());
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  const inText = /retry in (\d+(?:\.\d+)?)\s*s\b/i.exec(body.message);
  return inText ? Math.round(Number(inText[1]) * 1000) : undefined;
}

/** The JSON body inside the SDK's message; the raw message when it holds none. */
export function parseGoogleError(message: string): GoogleError {
  const start = message.indexOf("{");
  let parsed: unknown;
  try {
    parsed = start >= 0 ? JSON.parse(message.slice(start)) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = isObject(parsed) && isObject(parsed["error"]) ? parsed["error"] : undefined;
  if (error === undefined) return { message, status: "", details: [] };
  return {
    message: typeof error["message"] === "string" ? error["message"] : message,
    status: typeof error["status"] === "string" ? error["status"] : "",
    details: Array.isArray(error["details"]) ? error["details"] : [],
  };
}

function networkError(error: unknown, context: ErrorContext): ProviderError {
  const reason = describeCause(error);
  const message = context.phase === "stream"
    ? `Connection to Gemini dropped mid-stream (${reason}).`
    : `Could not reach Gemini at ${context.baseUrl} (${reason}).`;
  return new ProviderError(connectionFailureKind(reason, context.phase === "stream"), message, { cause: error });
}

function isApiError(error: unknown): error is ApiErrorLike {
  return error instanceof Error && error.name === "ApiError" && typeof (error as { status?: unknown }).status === "number";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
