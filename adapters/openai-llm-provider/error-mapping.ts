import { connectionFailureKind, ProviderError, type ProviderErrorKind } from "../../core/ports/llm-provider.ts";
import { describeCause, oneLine, withPeriod, retryAfterMs } from "../../core/ports/provider-support.ts";
import { isObject } from "./fetch-json.ts";

/** What a message needs to name besides the error itself. */
export interface ErrorContext {
  /** "OpenAI", "Ollama", or the name the user gave. */
  readonly label: string;
  readonly model: string;
  readonly baseUrl: string;
  /** Whether the base URL is on this machine: a refused connection then means the server is not running. */
  readonly local: boolean;
  /** The variable the user sets to fix a rejected key. */
  readonly apiKeyEnv: string;
  readonly hasApiKey: boolean;
  /** "request" until the response started streaming, then "stream". */
  readonly phase: "request" | "stream";
}

/**
 * The SDK's error classes, handed in by the provider once it loaded the SDK: this module imports
 * no SDK code, so the SDK stays lazily loaded. Class names cannot be matched instead: this SDK sets
 * no `name`, and bundling renames classes that two SDKs both define.
 */
export type SdkErrorClasses = Pick<typeof import("openai"), "APIError" | "APIConnectionError" | "APIConnectionTimeoutError">;

/** The fields of the SDK's APIError this module reads. */
interface ApiErrorLike {
  readonly message: string;
  readonly status: number | undefined;
  readonly headers: { get(name: string): string | null } | undefined;
  /** The body's `error` member: usually {message, type, code}, a bare string on some servers. */
  readonly error: unknown;
}

/** Classifies any failure of a request or stream into the engine's ProviderError kinds. */
export function toProviderError(error: unknown, context: ErrorContext, sdk: SdkErrorClasses): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError("network", `${context.label} at ${context.baseUrl} did not respond in time.`, { cause: error });
  }
  if (error instanceof sdk.APIConnectionError) return networkError(error, context);
  if (error instanceof sdk.APIError) return fromApiError(error, context);
  if (error instanceof SyntaxError) {
    return new ProviderError("protocol", `${context.label} sent a stream chunk that is not valid JSON (${oneLine(error.message)}).`, { cause: error });
  }
  return networkError(error, context);
}

function fromApiError(error: ApiErrorLike, context: ErrorContext): ProviderError {
  const body = isObject(error.error) ? error.error : {};
  const detail = detailOf(error);
  const code = body["code"];
  const type = typeof body["type"] === "string" ? body["type"] : undefined;
  if (error.status === undefined) {
    // An error chunk inside an otherwise healthy stream. OpenRouter puts the upstream's HTTP status
    // in `code`; OpenAI puts a type such as "server_error".
    const kind = typeof code === "number" ? kindOfStatus(code, undefined, detail) : kindOfCode(stringCode(code) ?? type, detail) ?? "server";
    return new ProviderError(kind, `${context.label} reported an error mid-stream: ${detail}`, { cause: error });
  }
  const status = error.status;
  const kind = kindOfStatus(status, stringCode(code) ?? type, detail);
  const options = { status, retryAfterMs: retryAfterMs(error.headers), cause: error };
  return new ProviderError(kind, messageFor(kind, status, detail, context), options);
}

function kindOfStatus(status: number, code: string | undefined, detail: string): ProviderErrorKind {
  const byCode = kindOfCode(code, detail);
  if (byCode !== undefined && byCode !== "server" && byCode !== "bad_request") return byCode;
  if (status === 429) return "rate_limited";
  if (status === 529 || status === 503) return "overloaded";
  if (status === 401 || status === 402 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 408) return "network";
  if (status === 413 || (status === 400 && isContextOverflow(detail))) return "context_overflow";
  if (status >= 500) return /overloaded/i.test(detail) ? "overloaded" : "server";
  return "bad_request";
}

/** What a body's `code` or `type` says, where it says more than the status. */
function kindOfCode(code: string | undefined, detail: string): ProviderErrorKind | undefined {
  switch (code) {
    case "context_length_exceeded": case "string_above_max_length": return "context_overflow";
    case "model_not_found": return "not_found";
    // OpenAI answers 429 when the account has no credit left; waiting does not help.
    case "insufficient_quota": return "auth";
    case "invalid_api_key": case "authentication_error": case "permission_error": return "auth";
    case "rate_limit_exceeded": case "rate_limit_error": return "rate_limited";
    case "overloaded": case "overloaded_error": return "overloaded";
    case "server_error": case "api_error": return /overloaded/i.test(detail) ? "overloaded" : "server";
    case "invalid_request_error": return isContextOverflow(detail) ? "context_overflow" : "bad_request";
    default: return undefined;
  }
}

function messageFor(kind: ProviderErrorKind, status: number, detail: string, context: ErrorContext): string {
  const { label } = context;
  switch (kind) {
    case "auth":
      if (status === 401) {
        return context.hasApiKey
          ? `${label} rejected the API key (401). Set ${context.apiKeyEnv} to a valid key.`
          : `${label} needs an API key (401). Set ${context.apiKeyEnv}.`;
      }
      if (status === 402 || status === 429) return `${label} refused the request for billing reasons (${status}): ${detail}`;
      return `${label} denied access (${status}): ${withPeriod(detail)} Check that the API key may use ${context.model}.`;
    case "not_found":
      return `${label} has no model "${context.model}" (${status}: ${detail}). Choose another model.`;
    case "rate_limited":
      return `${label} rate limit reached (${status}): ${detail}`;
    case "overloaded":
      return `${label} is overloaded (${status}): ${detail}`;
    case "context_overflow":
      return `The conversation is too long for ${context.model} (${status}): ${detail}`;
    case "network":
      return `${label} timed out the request (${status}): ${detail}`;
    case "server":
      return `${label} server error (${status}): ${detail}`;
    default:
      return `${label} rejected the request (${status}): ${detail}`;
  }
}

const CONTEXT_OVERFLOW = /context[_ ]length|maximum context|context (window|size|limit)|too many (input |prompt )?tokens|prompt is too long|input is too long|exceeds? the (available )?context/i;

/** Whether a 400's message says the input does not fit, which compaction can fix. */
export function isContextOverflow(detail: string): boolean {
  return CONTEXT_OVERFLOW.test(detail);
}

function networkError(error: unknown, context: ErrorContext): ProviderError {
  const reason = describeCause(error);
  if (context.phase === "stream") return new ProviderError("network", `Connection to ${context.label} dropped mid-stream (${reason}).`, { cause: error });
  const message = context.local
    ? `Could not reach ${context.baseUrl} — is ${context.label} running? (${reason})`
    : `Could not reach ${context.label} at ${context.baseUrl} (${reason}).`;
  return new ProviderError(connectionFailureKind(reason, false), message, { cause: error });
}

/** The server's own words: `error.message`, a bare `error` string (LM Studio), else the SDK's text without its status prefix. */
function detailOf(error: ApiErrorLike): string {
  const body = error.error;
  if (typeof body === "string") return oneLine(body);
  const message = isObject(body) ? body["message"] : undefined;
  if (typeof message === "string" && message !== "") return oneLine(message);
  if (message !== undefined && message !== null) return oneLine(JSON.stringify(message));
  const prefix = error.status === undefined ? "" : `${error.status} `;
  return oneLine(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message);
}

function stringCode(code: unknown): string | undefined {
  return typeof code === "string" && code !== "" ? code : undefined;
}
