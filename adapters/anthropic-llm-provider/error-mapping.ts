import { connectionFailureKind, ProviderError, type ProviderErrorKind } from "../../core/ports/llm-provider.ts";
import { describeCause, oneLine, withPeriod, retryAfterMs } from "../../core/ports/provider-support.ts";

/** What a message needs to name besides the error itself. */
export interface ErrorContext {
  readonly model: string;
  readonly baseUrl: string;
  /** "request" until the response started streaming, then "stream". */
  readonly phase: "request" | "stream";
}

/**
 * The SDK's APIError as seen structurally. Matching by shape rather than `instanceof` keeps this
 * module free of a runtime SDK import, so the SDK stays lazily loaded.
 */
interface ApiErrorLike {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  readonly headers: { get(name: string): string | null } | undefined;
  readonly apiMessage?: string | null;
  readonly type?: string | null;
}

/** Classifies any failure of a request or stream into the engine's ProviderError kinds. */
export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isApiError(error)) return fromApiError(error, context);
  if (error instanceof SyntaxError) {
    return new ProviderError("protocol", `Anthropic sent a stream event that is not valid JSON (${oneLine(error.message)}).`, { cause: error });
  }
  return networkError(error, context);
}

function fromApiError(error: ApiErrorLike, context: ErrorContext): ProviderError {
  if (error.name === "APIConnectionTimeoutError") {
    return new ProviderError("network", `Anthropic at ${context.baseUrl} did not respond in time.`, { cause: error });
  }
  if (error.name === "APIConnectionError") return networkError(error, context);
  const detail = detailOf(error);
  if (error.status === undefined) {
    // An `error` event inside an otherwise healthy stream: only its type tells what happened.
    const kind = kindOfErrorType(error.type ?? null, detail) ?? "server";
    return new ProviderError(kind, `Anthropic reported ${error.type ?? "an error"} mid-stream: ${detail}`, { cause: error });
  }
  const status = error.status;
  const kind = kindOfStatus(status, error.type ?? null, detail);
  const options = { status, retryAfterMs: retryAfterMs(error.headers), cause: error };
  return new ProviderError(kind, messageFor(kind, status, detail, context), options);
}

function kindOfStatus(status: number, type: string | null, detail: string): ProviderErrorKind {
  const byType = kindOfErrorType(type, detail);
  if (byType === "overloaded" || byType === "rate_limited") return byType;
  if (status === 429) return "rate_limited";
  if (status === 529 || status === 503) return "overloaded";
  if (status === 401 || status === 402 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 408) return "network";
  if (status === 413 || (status === 400 && isContextOverflow(detail))) return "context_overflow";
  if (status >= 500) return "server";
  return "bad_request";
}

function kindOfErrorType(type: string | null, detail: string): ProviderErrorKind | undefined {
  switch (type) {
    case "overloaded_error": return "overloaded";
    case "rate_limit_error": return "rate_limited";
    case "api_error": case "timeout_error": return "server";
    case "authentication_error": case "permission_error": case "billing_error": return "auth";
    case "not_found_error": return "not_found";
    case "invalid_request_error": return isContextOverflow(detail) ? "context_overflow" : "bad_request";
    default: return undefined;
  }
}

function messageFor(kind: ProviderErrorKind, status: number, detail: string, context: ErrorContext): string {
  switch (kind) {
    case "auth":
      if (status === 401) return "Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key.";
      if (status === 402) return `Anthropic refused the request for billing reasons (402): ${detail}`;
      return `Anthropic denied access (${status}): ${withPeriod(detail)} Check that the API key may use ${context.model}.`;
    case "not_found":
      // The SDK appends /v1/messages itself: a base URL ending in /v1 asks for /v1/v1/messages.
      if (/\/v1\/?$/.test(context.baseUrl)) {
        return `Anthropic answered 404 because the base URL ${context.baseUrl} ends in /v1 (requests went to ${context.baseUrl}/v1/messages). Set ANTHROPIC_BASE_URL (or --base-url) to ${context.baseUrl.replace(/\/v1\/?$/, "")}.`;
      }
      return `Anthropic has no model "${context.model}" (404: ${detail}). Choose another model.`;
    case "rate_limited":
      return `Anthropic rate limit reached (${status}): ${detail}`;
    case "overloaded":
      return `Anthropic is overloaded (${status}): ${detail}`;
    case "context_overflow":
      return `The conversation is too long for ${context.model} (${status}): ${detail}`;
    case "network":
      return `Anthropic timed out the request (${status}): ${detail}`;
    case "server":
      return `Anthropic server error (${status}): ${detail}`;
    default:
      return `Anthropic rejected the request (${status}): ${detail}`;
  }
}

const CONTEXT_OVERFLOW = /prompt is too long|input is too long|too many (input )?tokens|context (window|length|limit)|maximum context|too large/i;

/** Whether a 400's message says the input does not fit, which compaction can fix. */
export function isContextOverflow(detail: string): boolean {
  return CONTEXT_OVERFLOW.test(detail);
}

function networkError(error: unknown, context: ErrorContext): ProviderError {
  const reason = describeCause(error);
  const message = context.phase === "stream"
    ? `Connection to Anthropic dropped mid-stream (${reason}).`
    : `Could not reach Anthropic at ${context.baseUrl} (${reason}).`;
  return new ProviderError(connectionFailureKind(reason, context.phase === "stream"), message, { cause: error });
}

function detailOf(error: ApiErrorLike): string {
  return oneLine(error.apiMessage ?? error.message);
}

function isApiError(error: unknown): error is ApiErrorLike {
  return error instanceof Error && "status" in error && "headers" in error && "error" in error;
}
