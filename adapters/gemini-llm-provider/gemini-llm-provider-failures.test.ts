import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError, type ChatRequest, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { startGeminiWireServer, type GeminiWireServer } from "../../test/wire/gemini-wire-server.ts";
import { createGeminiProvider, type GeminiProviderOptions } from "./mod.ts";
import { collect, textOf, unusedLocalUrl } from "../../test/support/provider-testing.ts";

const REQUEST: ChatRequest = { model: "gemini-2.5-flash", system: "", messages: [{ role: "user", content: "List the files." }], tools: [], maxTokens: 2048 };

describe("GeminiLlmProvider failures on the wire", () => {
  let server: GeminiWireServer;
  beforeEach(async () => {
    server = await startGeminiWireServer();
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (options: GeminiProviderOptions = {}) => createGeminiProvider({ apiKey: "gm-test", baseUrl: server.url, ...options });

  it.each([
    [429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 12.5s.", "rate_limited", "Gemini rate limit or quota reached (429): Quota exceeded. Please retry in 12.5s."],
    [400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "auth",
      "Gemini rejected the API key (400: API key not valid. Please pass a valid API key.). Set GEMINI_API_KEY to a valid key."],
    [403, "PERMISSION_DENIED", "The caller does not have permission", "auth",
      "Gemini denied access (403): The caller does not have permission. Check that the API key may use gemini-2.5-flash."],
    [404, "NOT_FOUND", "models/gemini-2.5-flash is not found for API version v1beta", "not_found",
      'Gemini has no model "gemini-2.5-flash" (404: models/gemini-2.5-flash is not found for API version v1beta). Choose another model.'],
    [400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", "context_overflow",
      "The conversation is too long for gemini-2.5-flash (400): The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."],
    [400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "bad_request", "Gemini rejected the request (400): Invalid JSON payload received."],
    [503, "UNAVAILABLE", "The model is overloaded. Please try again later.", "overloaded", "Gemini is overloaded (503): The model is overloaded. Please try again later."],
    [500, "INTERNAL", "An internal error has occurred.", "server", "Gemini server error (500): An internal error has occurred."],
  ] as const)("maps HTTP %i %s %j to %s", async (status, errorStatus, message, kind, expected) => {
    server.enqueue({ type: "http_error", status, errorStatus, message });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(kind);
    expect((error as ProviderError).status).toBe(status);
    expect((error as ProviderError).message).toBe(expected);
    expect(server.requests).toHaveLength(1);
  });

  it("reads the retry delay from the quota message when RetryInfo is missing", async () => {
    server.enqueue({ type: "http_error", status: 429, errorStatus: "RESOURCE_EXHAUSTED", message: "Quota exceeded. Please retry in 12.5s." });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).retryAfterMs).toBe(12500);
  });

  it("fails with protocol on a malformed event and with network on a stream cut short", async () => {
    server.enqueue(
      { type: "message", parts: [{ type: "text", text: "a" }], interruption: { kind: "malformed_event", afterParts: 1 } },
      { type: "message", parts: [{ type: "text", text: "a" }], interruption: { kind: "truncate", afterParts: 1 } },
    );
    const malformed = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((malformed.error as ProviderError).kind).toBe("protocol");
    const truncated = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((truncated.error as ProviderError).kind).toBe("network");
    expect((truncated.error as ProviderError).message).toBe("Connection to Gemini dropped mid-stream (the stream ended without a finishReason).");
  });

  it("reports a mid-stream error event with its status", async () => {
    server.enqueue({
      type: "message", parts: [{ type: "text", text: "a" }],
      interruption: { kind: "error_event", afterParts: 1, code: 500, status: "INTERNAL", message: "boom" },
    });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("server");
    expect((error as ProviderError).message).toBe("Gemini reported INTERNAL mid-stream: boom");
  });

  it("refuses a blocked prompt as a bad request", async () => {
    server.enqueue({ type: "message", parts: [], blockReason: "PROHIBITED_CONTENT" });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("bad_request");
    expect((error as ProviderError).message).toContain("blocked: PROHIBITED_CONTENT");
  });

  it("passes finish reasons other than STOP and MAX_TOKENS through", async () => {
    server.enqueue(
      { type: "message", parts: [{ type: "text", text: "cut" }], finishReason: "MAX_TOKENS" },
      { type: "message", parts: [{ type: "text", text: "no" }], finishReason: "SAFETY" },
    );
    const stops: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { chunks } = await collect(provider().stream(REQUEST, new AbortController().signal));
      const done = chunks.at(-1);
      stops.push(done?.type === "done" ? done.usage.stopReason : "");
    }
    expect(stops).toEqual(["max_tokens", "SAFETY"]);
  });

  it("gives up with network when the stream goes silent longer than timeoutMs", async () => {
    server.enqueue({ type: "message", parts: [{ type: "text", text: "abc" }], interruption: { kind: "stall", afterParts: 1 } });
    const { chunks, error } = await collect(provider({ timeoutMs: 300 }).stream(REQUEST, new AbortController().signal));
    expect(textOf(chunks)).toBe("abc");
    expect((error as ProviderError).kind).toBe("network");
    expect((error as ProviderError).message).toBe("Gemini sent nothing for 0.3s; the connection looks dead.");
    await expect(server.requests[0]?.clientClosed).resolves.toBeUndefined();
  });

  it("fails with auth before any request when no API key was given", async () => {
    const { error } = await collect(createGeminiProvider({ baseUrl: server.url }).stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("auth");
    expect((error as ProviderError).message).toBe("No Gemini API key. Set GEMINI_API_KEY.");
    expect(server.requests).toHaveLength(0);
  });

  it("fails as unreachable (not retried), naming the address, when nothing listens there", async () => {
    const url = await unusedLocalUrl();
    const { error } = await collect(createGeminiProvider({ apiKey: "gm-test", baseUrl: url }).stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("unreachable");
    expect((error as ProviderError).message).toContain(`Could not reach Gemini at ${url}`);
    expect((error as ProviderError).message).toContain("ECONNREFUSED");
  });
});
