import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../core/ports/llm-provider.ts";
import { retryAfterMs } from "../../core/ports/provider-support.ts";
import { isContextOverflow, toProviderError, type ErrorContext } from "./error-mapping.ts";

const CONTEXT: ErrorContext = { model: "claude-opus-4-5", baseUrl: "https://api.anthropic.com", phase: "request" };

/** An error exactly as the SDK builds it from an HTTP error response. */
function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { type: "error", error: { type, message } }, undefined, new Headers(headers));
}

/** An `error` event inside a stream, as the SDK throws it. */
function streamErrorEvent(type: string, message: string): APIError {
  return new APIError(undefined, { type: "error", error: { type, message } }, undefined, new Headers(), type as never);
}

describe("toProviderError for HTTP errors", () => {
  it.each([
    [400, "invalid_request_error", "max_tokens: must be positive", "bad_request"],
    [400, "invalid_request_error", "prompt is too long: 201234 tokens > 200000 maximum", "context_overflow"],
    [401, "authentication_error", "invalid x-api-key", "auth"],
    [402, "billing_error", "Your credit balance is too low", "auth"],
    [403, "permission_error", "Your API key does not have permission", "auth"],
    [404, "not_found_error", "model: claude-opus-9", "not_found"],
    [408, "timeout_error", "Request timed out", "network"],
    [413, "request_too_large", "Request exceeds the maximum allowed number of bytes", "context_overflow"],
    [422, "invalid_request_error", "unprocessable", "bad_request"],
    [429, "rate_limit_error", "rate limited", "rate_limited"],
    [500, "api_error", "Internal server error", "server"],
    [502, "api_error", "Bad gateway", "server"],
    [503, "api_error", "Service unavailable", "overloaded"],
    [529, "overloaded_error", "Overloaded", "overloaded"],
    [500, "overloaded_error", "Overloaded", "overloaded"],
  ] as const)("maps %i %s to %s", (status, type, message, kind) => {
    const error = toProviderError(httpError(status, type, message), CONTEXT);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it("tells the user how to fix a rejected key", () => {
    expect(toProviderError(httpError(401, "authentication_error", "invalid x-api-key"), CONTEXT).message)
      .toBe("Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key.");
  });

  it("names the model when it is unknown", () => {
    expect(toProviderError(httpError(404, "not_found_error", "model: claude-opus-9"), CONTEXT).message)
      .toBe('Anthropic has no model "claude-opus-4-5" (404: model: claude-opus-9). Choose another model.');
  });

  it("explains a permission error on one line", () => {
    expect(toProviderError(httpError(403, "permission_error", "Your API key does not have permission"), CONTEXT).message)
      .toBe("Anthropic denied access (403): Your API key does not have permission. Check that the API key may use claude-opus-4-5.");
  });

  it("squeezes an HTML error page from a proxy into one short line", () => {
    const html = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(1000)}</body></html>`;
    const sdkError = APIError.generate(502, undefined, html, new Headers());
    const message = toProviderError(sdkError, CONTEXT).message;
    expect(message).not.toContain("\n");
    expect(message.startsWith("Anthropic server error (502): 502 <html> <head><title>502 Bad Gateway")).toBe(true);
    expect(message.length).toBeLessThan(360);
  });

  it("carries the retry delay of a 429", () => {
    const error = toProviderError(httpError(429, "rate_limit_error", "slow down", { "retry-after": "12" }), CONTEXT);
    expect(error.retryAfterMs).toBe(12_000);
    expect(error.retryable).toBe(true);
  });

  it("keeps the SDK error as the cause", () => {
    const sdkError = httpError(500, "api_error", "boom");
    expect(toProviderError(sdkError, CONTEXT).cause).toBe(sdkError);
  });
});

describe("toProviderError for stream error events", () => {
  it.each([
    ["overloaded_error", "overloaded"],
    ["rate_limit_error", "rate_limited"],
    ["api_error", "server"],
    ["invalid_request_error", "bad_request"],
    ["something_new_error", "server"],
  ] as const)("maps %s to %s", (type, kind) => {
    const error = toProviderError(streamErrorEvent(type, "details"), { ...CONTEXT, phase: "stream" });
    expect(error.kind).toBe(kind);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(`Anthropic reported ${type} mid-stream: details`);
  });
});

describe("toProviderError for transport failures", () => {
  it("names the base URL and the root cause when the server cannot be reached", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const sdkError = new APIConnectionError({ cause: new TypeError("fetch failed", { cause: refused }) });
    const error = toProviderError(sdkError, CONTEXT);
    expect(error.kind).toBe("unreachable");
    expect(error.message).toBe("Could not reach Anthropic at https://api.anthropic.com (connect ECONNREFUSED 127.0.0.1:1).");
  });

  it("reports a timeout before the response as network", () => {
    const error = toProviderError(new APIConnectionTimeoutError(), CONTEXT);
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Anthropic at https://api.anthropic.com did not respond in time.");
  });

  it("reports a connection cut mid-stream as network", () => {
    const cut = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const error = toProviderError(cut, { ...CONTEXT, phase: "stream" });
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Connection to Anthropic dropped mid-stream (other side closed [UND_ERR_SOCKET]).");
  });

  it("reports unparseable event data as protocol", () => {
    const error = toProviderError(new SyntaxError("Unexpected end of JSON input"), { ...CONTEXT, phase: "stream" });
    expect(error.kind).toBe("protocol");
    expect(error.retryable).toBe(false);
  });

  it("passes a ProviderError through unchanged", () => {
    const original = new ProviderError("protocol", "bad");
    expect(toProviderError(original, CONTEXT)).toBe(original);
  });
});

describe("retryAfterMs", () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("prefers retry-after-ms", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250.4", "retry-after": "3" }), now)).toBe(250);
  });

  it("reads retry-after seconds, including fractions", () => {
    expect(retryAfterMs(headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(headers({ "retry-after": "1.5" }), now)).toBe(1500);
  });

  it("reads retry-after as an HTTP date, never negative", () => {
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(headers({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }), now)).toBe(0);
  });

  it("is undefined when absent or unreadable", () => {
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("isContextOverflow", () => {
  it.each([
    ["prompt is too long: 210000 tokens > 200000 maximum", true],
    ["input length and `max_tokens` exceed context limit: 190000 + 16384 > 200000", true],
    ["This model's maximum context length is 200000 tokens", true],
    ["Request too large", true],
    ["max_tokens: 100000 > 64000, which is the maximum allowed", false],
  ])("%s → %s", (detail, expected) => {
    expect(isContextOverflow(detail)).toBe(expected);
  });
});
