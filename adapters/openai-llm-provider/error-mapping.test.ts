import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../core/ports/llm-provider.ts";
import { retryAfterMs } from "../../core/ports/provider-support.ts";
import { isContextOverflow, toProviderError, type ErrorContext } from "./error-mapping.ts";

const SDK = { APIError, APIConnectionError, APIConnectionTimeoutError };
const REMOTE: ErrorContext = {
  label: "OpenAI", model: "gpt-5", baseUrl: "https://api.openai.com/v1", local: false,
  apiKeyEnv: "OPENAI_API_KEY", hasApiKey: true, phase: "request",
};
const LOCAL: ErrorContext = { ...REMOTE, label: "Ollama", model: "llama3.2", baseUrl: "http://localhost:11434/v1", local: true, hasApiKey: false };

/** An error exactly as the SDK builds it from an HTTP error response. */
function httpError(status: number, error: unknown, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error }, undefined, new Headers(headers));
}

/** A `data: {"error": …}` chunk inside a stream, as the SDK throws it. */
function streamError(error: Record<string, unknown>): APIError {
  return new APIError(undefined, error, undefined, new Headers());
}

const map = (error: unknown, context: ErrorContext = REMOTE) => toProviderError(error, context, SDK);

describe("toProviderError for HTTP errors", () => {
  it.each([
    [400, { message: "Invalid value for 'temperature'", type: "invalid_request_error", code: "unsupported_value" }, "bad_request"],
    [400, { message: "This model's maximum context length is 128000 tokens.", type: "invalid_request_error", code: "context_length_exceeded" }, "context_overflow"],
    [400, { message: "the request exceeds the available context size, try increasing it", type: "exceed_context_size_error" }, "context_overflow"],
    [400, { message: "The model `gpt-9` does not exist", type: "invalid_request_error", code: "model_not_found" }, "not_found"],
    [401, { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" }, "auth"],
    [402, { message: "Insufficient credits", code: 402 }, "auth"],
    [403, { message: "Country, region, or territory not supported", code: "unsupported_country_region_territory" }, "auth"],
    [404, { message: 'model "llama9" not found, try pulling it first', type: "api_error" }, "not_found"],
    [408, { message: "Request timed out" }, "network"],
    [413, { message: "Request entity too large" }, "context_overflow"],
    [422, { message: "Extra inputs are not permitted", type: "invalid_request_error" }, "bad_request"],
    [429, { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" }, "rate_limited"],
    [429, { message: "You exceeded your current quota", type: "insufficient_quota", code: "insufficient_quota" }, "auth"],
    [500, { message: "The server had an error", type: "server_error" }, "server"],
    [502, { message: "Bad gateway" }, "server"],
    [503, { message: "Service unavailable" }, "overloaded"],
    [500, { message: "The engine is currently overloaded, please try again later", type: "server_error" }, "overloaded"],
  ] as const)("maps %i %j to %s", (status, body, kind) => {
    const error = map(httpError(status, body));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it("tells the user how to fix a rejected or a missing key, naming the variable", () => {
    expect(map(httpError(401, { message: "Incorrect API key" })).message).toBe("OpenAI rejected the API key (401). Set OPENAI_API_KEY to a valid key.");
    expect(map(httpError(401, { message: "Missing key" }), { ...REMOTE, label: "Groq", apiKeyEnv: "GROQ_API_KEY", hasApiKey: false }).message)
      .toBe("Groq needs an API key (401). Set GROQ_API_KEY.");
  });

  it("names the model when it is unknown", () => {
    expect(map(httpError(404, { message: 'model "llama3.2" not found, try pulling it first' }), LOCAL).message)
      .toBe('Ollama has no model "llama3.2" (404: model "llama3.2" not found, try pulling it first). Choose another model.');
  });

  it("reads an error that is a bare string, as LM Studio sends", () => {
    const error = map(httpError(400, "Unexpected endpoint or method. (POST /v1/chat/completion)"));
    expect(error.message).toBe("OpenAI rejected the request (400): Unexpected endpoint or method. (POST /v1/chat/completion)");
  });

  it("squeezes an HTML error page from a proxy into one short line", () => {
    const html = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(1000)}</body></html>`;
    const message = map(APIError.generate(502, undefined, html, new Headers())).message;
    expect(message).not.toContain("\n");
    expect(message.startsWith("OpenAI server error (502): <html> <head><title>502 Bad Gateway")).toBe(true);
    expect(message.length).toBeLessThan(360);
  });

  it("carries the retry delay of a 429 and keeps the SDK error as the cause", () => {
    const sdkError = httpError(429, { message: "slow down", code: "rate_limit_exceeded" }, { "retry-after": "12" });
    const error = map(sdkError);
    expect(error.retryAfterMs).toBe(12_000);
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(sdkError);
  });
});

describe("toProviderError for error chunks mid-stream", () => {
  it.each([
    [{ code: 503, message: "The model is overloaded" }, "overloaded"],
    [{ code: 429, message: "Rate limited upstream" }, "rate_limited"],
    [{ code: 502, message: "Provider returned error" }, "server"],
    [{ code: "server_error", message: "Provider disconnected unexpectedly" }, "server"],
    [{ message: "The server had an error", type: "server_error" }, "server"],
    [{ message: "Overloaded", type: "overloaded_error" }, "overloaded"],
    [{ message: "prompt is too long", type: "invalid_request_error" }, "context_overflow"],
    [{ message: "something new" }, "server"],
  ] as const)("maps %j to %s", (body, kind) => {
    const error = map(streamError(body), { ...REMOTE, phase: "stream" });
    expect(error.kind).toBe(kind);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(`OpenAI reported an error mid-stream: ${body.message}`);
  });
});

describe("toProviderError for transport failures", () => {
  const refused = () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:11434"), { code: "ECONNREFUSED" });
    return new APIConnectionError({ cause: new TypeError("fetch failed", { cause }) });
  };

  it("asks whether a local server is running, naming its address", () => {
    expect(map(refused(), LOCAL).message).toBe("Could not reach http://localhost:11434/v1 — is Ollama running? (connect ECONNREFUSED 127.0.0.1:11434)");
    expect(map(refused(), LOCAL).kind).toBe("unreachable");
  });

  it("names the service and the root cause when a remote one cannot be reached", () => {
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND api.openai.com"), { code: "ENOTFOUND" });
    const error = map(new APIConnectionError({ cause: new TypeError("fetch failed", { cause }) }));
    expect(error.message).toBe("Could not reach OpenAI at https://api.openai.com/v1 (getaddrinfo ENOTFOUND api.openai.com).");
  });

  it("reports a timeout before the response as network", () => {
    const error = map(new APIConnectionTimeoutError());
    expect(error.kind).toBe("network");
    expect(error.message).toBe("OpenAI at https://api.openai.com/v1 did not respond in time.");
  });

  it("reports a connection cut mid-stream as network, with the code when the message lacks it", () => {
    const cut = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const error = map(cut, { ...REMOTE, phase: "stream" });
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Connection to OpenAI dropped mid-stream (other side closed [UND_ERR_SOCKET]).");
  });

  it("reports unparseable chunk data as protocol", () => {
    const error = map(new SyntaxError("Unexpected end of JSON input"), { ...REMOTE, phase: "stream" });
    expect(error.kind).toBe("protocol");
    expect(error.retryable).toBe(false);
  });

  it("passes a ProviderError through unchanged", () => {
    const original = new ProviderError("protocol", "bad");
    expect(map(original)).toBe(original);
  });
});

describe("retryAfterMs", () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("prefers retry-after-ms, then seconds, then an HTTP date", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250.4", "retry-after": "3" }), now)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "1.5" }), now)).toBe(1500);
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
  });

  it("is undefined when absent or unreadable", () => {
    expect(retryAfterMs(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("isContextOverflow", () => {
  it.each([
    ["This model's maximum context length is 8192 tokens. However, you requested 9000 tokens", true],
    ["the request exceeds the available context size, try increasing it", true],
    ["Please reduce the length of the messages or completion. context_length_exceeded", true],
    ["prompt is too long: 210000 tokens > 200000 maximum", true],
    ["max_tokens is too large: 100000. This model supports at most 16384 completion tokens", false],
    ["Invalid value for 'temperature'", false],
  ])("%s → %s", (detail, expected) => {
    expect(isContextOverflow(detail)).toBe(expected);
  });
});
