import { readdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError, type ChatRequest, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { describeLlmProviderContract } from "../../test/contract/llm-provider.contract.ts";
import { anthropicReplyFor } from "../../test/wire/anthropic-scenarios.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../../test/wire/anthropic-wire-server.ts";
import { createAnthropicProvider, DEFAULT_ANTHROPIC_MODEL, type AnthropicProviderOptions } from "./mod.ts";
import { collect, textOf, unusedLocalUrl } from "../../test/support/provider-testing.ts";

describeLlmProviderContract("anthropic", async () => {
  const server = await startAnthropicWireServer();
  return {
    provider: createAnthropicProvider({ apiKey: "sk-test", baseUrl: server.url }),
    model: DEFAULT_ANTHROPIC_MODEL,
    reportsCacheWrites: true,
    signsThinking: true,
    script: (scenario) => server.enqueue(anthropicReplyFor(scenario)),
    latestRequestClosed: () => server.requests.at(-1)?.clientClosed ?? Promise.reject(new Error("no request was made")),
    requestCount: () => server.requests.length,
    close: () => server.close(),
  };
});

const REQUEST: ChatRequest = {
  model: "claude-sonnet-4-6",
  system: "You are Ursa.",
  messages: [{ role: "user", content: "List the files." }],
  tools: [
    { name: "glob", description: "Finds files.", parameters: { type: "object", properties: { pattern: { type: "string" } } } },
    { name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } } } },
  ],
  maxTokens: 2048,
};

describe("AnthropicLlmProvider on the wire", () => {
  let server: AnthropicWireServer;
  beforeEach(async () => {
    server = await startAnthropicWireServer();
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (options: AnthropicProviderOptions = {}) => createAnthropicProvider({ apiKey: "sk-test", baseUrl: server.url, ...options });

  it("posts the converted request with bearer auth, the API version and the caller's headers", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    await collect(provider({ defaultHeaders: { "x-ursa-session": "s-1" } }).stream(REQUEST, new AbortController().signal));
    const [recorded] = server.requests;
    expect(recorded?.method).toBe("POST");
    expect(recorded?.path).toBe("/v1/messages");
    expect(recorded?.headers["authorization"]).toBe("Bearer sk-test");
    expect(recorded?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(recorded?.headers["x-ursa-session"]).toBe("s-1");
    // The engine retries; the SDK must not have.
    expect(recorded?.headers["x-stainless-retry-count"]).toBe("0");
    expect(recorded?.body).toEqual({
      model: "claude-sonnet-4-6",
      max_tokens: 2048,
      stream: true,
      system: [{ type: "text", text: "You are Ursa.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "List the files.", cache_control: { type: "ephemeral" } }] }],
      tools: [
        { name: "glob", description: "Finds files.", input_schema: { type: "object", properties: { pattern: { type: "string" } } } },
        {
          name: "read_file", description: "Reads a file.", input_schema: { type: "object", properties: { path: { type: "string" } } },
          cache_control: { type: "ephemeral" },
        },
      ],
    });
  });

  it("asks for extended thinking with room for the answer", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    await collect(provider().stream({ ...REQUEST, thinkingBudget: 8000, temperature: 0.2 }, new AbortController().signal));
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body["thinking"]).toEqual({ type: "enabled", budget_tokens: 8000 });
    expect(body["max_tokens"]).toBe(12096);
    expect(body).not.toHaveProperty("temperature");
  });

  it("sends a whole tool round trip back in the shape the API demands", async () => {
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "toolu_1", name: "glob", input: { pattern: "*.ts" } }] },
      (body) => {
        const messages = (body as { messages: Array<{ role: string; content: unknown[] }> }).messages;
        const results = messages.at(-1)?.content.filter((b) => (b as { type: string }).type === "tool_result") ?? [];
        return { type: "message", blocks: [{ type: "text", text: `got ${results.length} result(s)` }] };
      },
    );
    const first = await collect(provider().stream(REQUEST, new AbortController().signal));
    const call = first.chunks.find((c) => c.type === "tool_call_ready");
    expect(call?.type === "tool_call_ready" && call.call).toEqual({ id: "toolu_1", name: "glob", arguments: '{"pattern":"*.ts"}' });
    const second = await collect(provider().stream({
      ...REQUEST,
      messages: [
        ...REQUEST.messages,
        { role: "assistant", content: "", toolCalls: [{ id: "toolu_1", name: "glob", arguments: '{"pattern":"*.ts"}' }] },
        { role: "tool", content: "a.ts\nb.ts", toolCallId: "toolu_1" },
      ],
    }, new AbortController().signal));
    expect(textOf(second.chunks)).toBe("got 1 result(s)");
    expect((server.requests[1]?.body as { messages: unknown }).messages).toEqual([
      { role: "user", content: [{ type: "text", text: "List the files.", cache_control: { type: "ephemeral" } }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "glob", input: { pattern: "*.ts" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "a.ts\nb.ts", cache_control: { type: "ephemeral" } }] },
    ]);
  });

  it("reports thinking tokens and the stop reason from message_delta", async () => {
    server.enqueue({
      type: "message", blocks: [{ type: "text", text: "cut" }], stopReason: "max_tokens",
      usage: { input_tokens: 40, output_tokens: 2048, thinking_tokens: 1500 },
    });
    const { chunks } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect(chunks.at(-1)).toEqual({
      type: "done",
      usage: { promptTokens: 40, completionTokens: 2048, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 1500, stopReason: "max_tokens" },
    });
  });

  it("turns empty and non-object tool input into {}", async () => {
    server.enqueue({
      type: "message",
      blocks: [
        { type: "tool_use", id: "t1", name: "glob", rawJson: "" },
        { type: "tool_use", id: "t2", name: "glob", rawJson: "[1, 2]" },
      ],
    });
    const { chunks } = await collect(provider().stream(REQUEST, new AbortController().signal));
    const args = chunks.flatMap((c) => (c.type === "tool_call_ready" ? [c.call.arguments] : []));
    expect(args).toEqual(["{}", "{}"]);
  });

  it.each([
    [401, "authentication_error", "invalid x-api-key", "auth", "Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key."],
    [404, "not_found_error", "model: claude-nope", "not_found", 'Anthropic has no model "claude-sonnet-4-6" (404: model: claude-nope). Choose another model.'],
    [529, "overloaded_error", "Overloaded", "overloaded", "Anthropic is overloaded (529): Overloaded"],
    [400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum", "context_overflow",
      "The conversation is too long for claude-sonnet-4-6 (400): prompt is too long: 210000 tokens > 200000 maximum"],
    [400, "invalid_request_error", "messages.1: tool_use ids must be unique", "bad_request", "Anthropic rejected the request (400): messages.1: tool_use ids must be unique"],
    [500, "api_error", "Internal server error", "server", "Anthropic server error (500): Internal server error"],
  ] as const)("maps HTTP %i %s to %s", async (status, errorType, message, kind, expected) => {
    server.enqueue({ type: "http_error", status, errorType, message });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(kind);
    expect((error as ProviderError).status).toBe(status);
    expect((error as ProviderError).message).toBe(expected);
  });

  it("reads retry-after-ms in preference to retry-after", async () => {
    server.enqueue({ type: "http_error", status: 529, errorType: "overloaded_error", message: "Overloaded", headers: { "retry-after-ms": "1500", "retry-after": "9" } });
    const { error } = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).retryAfterMs).toBe(1500);
  });

  it("fails with protocol on a malformed event and with network on a stream cut short", async () => {
    server.enqueue(
      { type: "message", blocks: [{ type: "text", text: "a" }], interruption: { kind: "malformed_event", afterBlocks: 1 } },
      { type: "message", blocks: [{ type: "text", text: "a" }], interruption: { kind: "truncate", afterBlocks: 1 } },
    );
    const malformed = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((malformed.error as ProviderError).kind).toBe("protocol");
    const truncated = await collect(provider().stream(REQUEST, new AbortController().signal));
    expect((truncated.error as ProviderError).kind).toBe("network");
    expect((truncated.error as ProviderError).message).toBe("Connection to Anthropic dropped mid-stream (the stream ended before message_stop).");
  });

  it("gives up with network when the stream goes silent longer than timeoutMs", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "a" }], interruption: { kind: "stall", afterBlocks: 1 } });
    const { chunks, error } = await collect(provider({ timeoutMs: 300 }).stream(REQUEST, new AbortController().signal));
    expect(textOf(chunks)).toBe("a");
    expect((error as ProviderError).kind).toBe("network");
    expect((error as ProviderError).message).toBe("Anthropic sent nothing for 0.3s; the connection looks dead.");
    await expect(server.requests[0]?.clientClosed).resolves.toBeUndefined();
  });

  it("cancels a slowly paced stream at once instead of draining it", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "one two three four five six" }], eventDelayMs: 600 });
    const controller = new AbortController();
    const started = Date.now();
    const chunks: StreamChunk[] = [];
    let error: unknown;
    try {
      for await (const chunk of provider().stream(REQUEST, controller.signal)) {
        chunks.push(chunk);
        if (chunk.type === "text_delta") controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    // Nine events at 600 ms each would take 5.4 s; the first text arrives with the fourth (2.4 s).
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(chunks).toEqual([{ type: "text_delta", text: "one two t" }]);
    expect((error as Error).name).toBe("AbortError");
    await expect(server.requests[0]?.clientClosed).resolves.toBeUndefined();
  });

  it("fails with auth before any request when no API key was given", async () => {
    const { error } = await collect(createAnthropicProvider({ baseUrl: server.url }).stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("auth");
    expect((error as ProviderError).message).toBe("No Anthropic API key. Set ANTHROPIC_API_KEY.");
    expect(server.requests).toHaveLength(0);
  });

  it("fails as unreachable (not retried), naming the address, when nothing listens there", async () => {
    const url = await unusedLocalUrl();
    const { error } = await collect(createAnthropicProvider({ apiKey: "sk-test", baseUrl: url }).stream(REQUEST, new AbortController().signal));
    expect((error as ProviderError).kind).toBe("unreachable");
    expect((error as ProviderError).message).toContain(`Could not reach Anthropic at ${url}`);
    expect((error as ProviderError).message).toContain("ECONNREFUSED");
  });
});

describe("AnthropicLlmProvider startup cost", () => {
  it("loads the SDK only lazily: no runtime import of @anthropic-ai/sdk in the adapter's modules", async () => {
    const dir = new URL(".", import.meta.url);
    const sources = (await readdir(dir)).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    expect(sources).toContain("anthropic-llm-provider.ts");
    for (const file of sources) {
      const source = await readFile(new URL(file, dir), "utf8");
      const staticImports = source.match(/^import (?!type\b)[^;]*from "@anthropic-ai\/sdk[^"]*";/gm) ?? [];
      expect({ file, staticImports }).toEqual({ file, staticImports: [] });
    }
  });
});
