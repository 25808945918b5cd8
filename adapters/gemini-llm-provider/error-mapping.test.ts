import { describe, expect, it } from "vitest";
import { ProviderError } from "../../core/ports/llm-provider.ts";
import { isContextOverflow, parseGoogleError, retryDelayMs, toProviderError, type ErrorContext } from "./error-mapping.ts";

const REQUEST: ErrorContext = { model: "gemini-2.5-pro", baseUrl: "http://127.0.0.1:9", apiKeyEnv: "GEMINI_API_KEY", phase: "request" };
const STREAM: ErrorContext = { ...REQUEST, phase: "stream" };

/** What the SDK throws for an HTTP error: its message is the JSON body. */
function apiError(status: number, body: object, prefix = ""): Error {
  return Object.assign(new Error(`${prefix}${JSON.stringify(body)}`), { name: "ApiError", status });
}

const google = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });

describe("toProviderError", () => {
  it.each([
    [429, "RESOURCE_EXHAUSTED", "Quota exceeded", undefined, "rate_limited"],
    [400, "RESOURCE_EXHAUSTED", "Quota exceeded", undefined, "rate_limited"],
    [401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", undefined, "auth"],
    [403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers", undefined, "auth"],
    [400, "INVALID_ARGUMENT", "API key expired. Please renew the API key.", undefined, "auth"],
    [400, "INVALID_ARGUMENT", "Bad key", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }], "auth"],
    [404, "NOT_FOUND", "models/x is not found", undefined, "not_found"],
    [503, "UNAVAILABLE", "The model is overloaded.", undefined, "overloaded"],
    [413, "", "Request Entity Too Large", undefined, "context_overflow"],
    [400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: 20971520 bytes.", undefined, "context_overflow"],
    [400, "FAILED_PRECONDITION", "User location is not supported for the API use.", undefined, "bad_request"],
    [500, "INTERNAL", "An internal error has occurred.", undefined, "server"],
    [502, "", "Bad Gateway", undefined, "server"],
    [504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", undefined, "server"],
  ] as const)("maps %i %s %j to %s", (status, rpcStatus, message, details, kind) => {
    const error = toProviderError(apiError(status, google(status, rpcStatus, message, details ? [...details] : undefined)), REQUEST);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it("takes the retry delay from RetryInfo", () => {
    const body = google(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" },
    ]);
    expect(toProviderError(apiError(429, body), REQUEST).retryAfterMs).toBe(7000);
  });

  it("names an error event inside a started stream as such", () => {
    const error = toProviderError(apiError(503, google(503, "UNAVAILABLE", "The model is overloaded."), "got status: UNAVAILABLE. "), STREAM);
    expect(error.kind).toBe("overloaded");
    expect(error.status).toBe(503);
    expect(error.message).toBe("Gemini reported UNAVAILABLE mid-stream: The model is overloaded.");
  });

  it("reads a body that is not Google's shape as the detail", () => {
    const error = toProviderError(Object.assign(new Error("<html>\n<body>Bad   Gateway</body></html>"), { name: "ApiError", status: 502 }), REQUEST);
    expect(error.message).toBe("Gemini server error (502): <html> <body>Bad Gateway</body></html>");
  });

  it("maps invalid JSON in the stream to protocol", () => {
    const error = toProviderError(new SyntaxError("Unexpected end of JSON input"), STREAM);
    expect(error.kind).toBe("protocol");
    expect(error.message).toBe("Gemini sent a stream event that is not valid JSON (Unexpected end of JSON input).");
  });

  it("maps transport failures to network, naming the address before the stream and the drop after", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
    expect(toProviderError(refused, REQUEST).message).toBe("Could not reach Gemini at http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9).");
    const dropped = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const error = toProviderError(dropped, STREAM);
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Connection to Gemini dropped mid-stream (other side closed [UND_ERR_SOCKET]).");
  });

  it("passes ProviderErrors through unchanged", () => {
    const original = new ProviderError("protocol", "x");
    expect(toProviderError(original, STREAM)).toBe(original);
  });
});

describe("parseGoogleError", () => {
  it("reads message, status and details, with or without the mid-stream prefix", () => {
    const body = google(429, "RESOURCE_EXHAUSTED", "slow down", [{ retryDelay: "1s" }]);
    const expected = { message: "slow down", status: "RESOURCE_EXHAUSTED", details: [{ retryDelay: "1s" }] };
    expect(parseGoogleError(JSON.stringify(body))).toEqual(expected);
    expect(parseGoogleError(`got status: RESOURCE_EXHAUSTED. ${JSON.stringify(body)}`)).toEqual(expected);
  });

  it("falls back to the raw message", () => {
    expect(parseGoogleError("plain {broken")).toEqual({ message: "plain {broken", status: "", details: [] });
    expect(parseGoogleError('{"error": "flat"}')).toEqual({ message: '{"error": "flat"}', status: "", details: [] });
  });
});

describe("retryDelayMs", () => {
  it.each([
    [[{ retryDelay: "7s" }], "", 7000],
    [[{ retryDelay: "0.5s" }], "", 500],
    [[{ retryDelay: "soon" }], "Please retry in 59.14s.", 59140],
    [[], "Please retry in 3s", 3000],
    [[], "Quota exceeded.", undefined],
  ])("reads %j / %j as %j", (details, message, expected) => {
    expect(retryDelayMs({ message, status: "RESOURCE_EXHAUSTED", details })).toBe(expected);
  });
});

describe("isContextOverflow", () => {
  it.each([
    ["The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", true],
    ["Request payload size exceeds the limit: 20971520 bytes.", true],
    ["Unable to submit request because the input token count is 1100000 but model only supports up to 1048576.", true],
    ["Invalid value at 'contents[0].parts'", false],
  ])("%j → %s", (detail, expected) => {
    expect(isContextOverflow(detail)).toBe(expected);
  });
});
