import { readdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError, type ChatRequest, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { describeLlmProviderContract } from "../../test/contract/llm-provider.contract.ts";
import { openAiReplyFor } from "../../test/wire/openai-scenarios.ts";
import { startOpenAiWireServer, type OpenAiWireServer } from "../../test/wire/openai-wire-server.ts";
import { createOpenAiProvider, type OpenAiProviderOptions } from "./mod.ts";
import { collect, textOf, unusedLocalUrl } from "../../test/support/provider-testing.ts";

describeLlmProviderContract("openai-compatible", async () => {
  const server = await startOpenAiWireServer();
  return {
    provider: createOpenAiProvider({ name: "openai", apiKey: "sk-test", baseUrl: server.baseUrl }),
    model: "gpt-5",
    signsThinking: false,
    // OpenRouter reports them in prompt_tokens_details.cache_write_tokens; the scenarios send them there.
    reportsCacheWrites: true,
    script: (scenario) => server.enqueue(openAiReplyFor(scenario)),
    latestRequestClosed: () => server.chatRequests().at(-1)?.clientClosed ?? Promise.reject(new Error("no request was made")),
    requestCount: () => server.chatRequests().length,
    close: () => server.close(),
  };
});

const REQUEST: ChatRequest = {
  model: "gpt-5",
  system: "You are Ursa.",
  messages: [{ role: "user", content: "List the files." }],
  tools: [{ name: "glob", description: "Finds files.", parameters: { type: "object", properties: { pattern: { type: "string" } } } }],
  maxTokens: 2048,
};

describe("OpenAiLlmProvider on the wire", () => {
  let server: OpenAiWireServer;
  beforeEach(async () => {
    server = await startOpenAiWireServer();
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (options: Partial<OpenAiProviderOptions> = {}) =>
    createOpenAiProvider({ name: "openai", apiKey: "sk-test", baseUrl: server.baseUrl, ...options });
  const run = (options: Partial<OpenAiProviderOptions> = {}, request: ChatRequest = REQUEST) =>
    collect(provider(options).stream(request, new AbortController().signal));

  it("posts the converted request with bearer auth and the caller's headers, without SDK retries", async () => {
    server.enqueue({ type: "completion", text: "ok" });
    await run({ defaultHeaders: { "x-ursa-session": "s-1" } });
    const [recorded] = server.requests;
    expect(recorded?.method).toBe("POST");
    expect(recorded?.path).toBe("/v1/chat/completions");
    expect(recorded?.headers["authorization"]).toBe("Bearer sk-test");
    expect(recorded?.headers["x-ursa-session"]).toBe("s-1");
    expect(recorded?.headers["x-stainless-retry-count"]).toBe("0");
    expect(recorded?.headers).not.toHaveProperty("openai-organization");
    expect(recorded?.body).toEqual({
      model: "gpt-5",
      messages: [{ role: "system", content: "You are Ursa." }, { role: "user", content: "List the files." }],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 2048,
      tools: [{ type: "function", function: { name: "glob", description: "Finds files.", parameters: { type: "object", properties: { pattern: { type: "string" } } } } }],
    });
  });

  it("speaks each server's dialect: max_tokens for local servers, no stream_options for Mistral", async () => {
    server.enqueue({ type: "completion", text: "ok" }, { type: "completion", text: "ok" });
    await run({ name: "ollama", apiKey: undefined, baseUrl: server.baseUrl }, { ...REQUEST, model: "llama3.2", temperature: 0.2 });
    await run({ name: "mistral" });
    const [local, mistral] = server.chatRequests().map((r) => r.body as Record<string, unknown>);
    expect(local).toMatchObject({ max_tokens: 2048, temperature: 0.2, stream_options: { include_usage: true } });
    expect(local).not.toHaveProperty("max_completion_tokens");
    expect(server.requests[0]?.headers).not.toHaveProperty("authorization");
    expect(mistral).toMatchObject({ max_tokens: 2048 });
    expect(mistral).not.toHaveProperty("stream_options");
  });

  it("sends a whole tool round trip back in the shape the API demands", async () => {
    server.enqueue(
      { type: "completion", text: "Looking.", toolCalls: [{ id: "call_1", name: "glob", arguments: { pattern: "*.ts" } }] },
      (body) => {
        const messages = (body as { messages: Array<{ role: string }> }).messages;
        return { type: "completion", text: `got ${messages.filter((m) => m.role === "tool").length} result(s)` };
      },
    );
    const first = await run();
    const call = first.chunks.find((c) => c.type === "tool_call_ready");
    expect(call?.type === "tool_call_ready" && call.call).toEqual({ id: "call_1", name: "glob", arguments: '{"pattern":"*.ts"}' });
    const second = await run({}, {
      ...REQUEST,
      messages: [
        ...REQUEST.messages,
        { role: "assistant", content: "Looking.", toolCalls: [{ id: "call_1", name: "glob", arguments: '{"pattern":"*.ts"}' }], thinking: { text: "hmm", signature: null } },
        { role: "tool", content: "a.ts\nb.ts", toolCallId: "call_1" },
      ],
    });
    expect(textOf(second.chunks)).toBe("got 1 result(s)");
    expect((server.requests[1]?.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      { role: "user", content: "List the files." },
      { role: "assistant", content: "Looking.", tool_calls: [{ id: "call_1", type: "function", function: { name: "glob", arguments: '{"pattern":"*.ts"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "a.ts\nb.ts" },
    ]);
  });

  it("sends images as data URLs", async () => {
    server.enqueue({ type: "completion", text: "a cat" });
    await run({}, { ...REQUEST, messages: [{ role: "user", content: "What is this?", images: [{ mediaType: "image/png", base64: "iVBORw0KGgo=" }] }] });
    expect((server.requests[0]?.body as { messages: unknown[] }).messages[1]).toEqual({
      role: "user",
      content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }, { type: "text", text: "What is this?" }],
    });
  });

  it("reads reasoning under either name, and reasoning and cached tokens from usage", async () => {
    server.enqueue({
      type: "completion", reasoning: "Let me think.", reasoningField: "reasoning", text: "Done.", finishReason: "length",
      usage: { prompt_tokens: 900, completion_tokens: 300, cached_tokens: 800, reasoning_tokens: 120 }, usagePlacement: "with_finish",
    });
    const { chunks, error } = await run();
    expect(error).toBeUndefined();
    expect(chunks.map((c) => (c.type === "thinking_delta" || c.type === "text_delta" ? c.type : "")).join(" ").trim())
      .toBe("thinking_delta thinking_delta thinking_delta text_delta text_delta text_delta");
    expect(chunks.at(-1)).toEqual({
      type: "done",
      usage: { promptTokens: 100, completionTokens: 300, cacheReadTokens: 800, cacheCreationTokens: 0, thinkingTokens: 120, stopReason: "max_tokens" },
    });
  });

  it("takes calls sent whole, all numbered 0 and without ids, as Ollama does", async () => {
    server.enqueue({
      type: "completion", finishReason: "stop", usage: null,
      toolCalls: [
        { id: "call_a", name: "glob", arguments: { pattern: "a" }, whole: true, index: 0 },
        { id: "call_b", name: "glob", arguments: { pattern: "b" }, whole: true, index: 0 },
        { name: "glob", rawArguments: "", whole: true, index: 1 },
      ],
    });
    const { chunks, error } = await run();
    expect(error).toBeUndefined();
    const calls = chunks.flatMap((c) => (c.type === "tool_call_ready" ? [c.call] : []));
    expect(calls.map((c) => [c.id.startsWith("call_"), c.arguments])).toEqual([[true, '{"pattern":"a"}'], [true, '{"pattern":"b"}'], [true, "{}"]]);
    expect(calls.slice(0, 2).map((c) => c.id)).toEqual(["call_a", "call_b"]);
    expect(chunks.at(-1)).toMatchObject({ type: "done", usage: { stopReason: "tool_use", promptTokens: 0 } });
  });

  it.each([
    [401, "invalid_api_key", "Incorrect API key provided: sk-test.", "auth", "OpenAI rejected the API key (401). Set OPENAI_API_KEY to a valid key."],
    [404, "model_not_found", "The model `gpt-9` does not exist or you do not have access to it.", "not_found",
      'OpenAI has no model "gpt-5" (404: The model `gpt-9` does not exist or you do not have access to it.). Choose another model.'],
    [400, "context_length_exceeded", "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", "context_overflow",
      "The conversation is too long for gpt-5 (400): This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."],
    [429, "insufficient_quota", "You exceeded your current quota.", "auth", "OpenAI refused the request for billing reasons (429): You exceeded your current quota."],
    [500, null, "The server had an error while processing your request.", "server", "OpenAI server error (500): The server had an error while processing your request."],
    [503, null, "Service Unavailable", "overloaded", "OpenAI is overloaded (503): Service Unavailable"],
  ] as const)("maps HTTP %i %s to %s", async (status, code, message, kind, expected) => {
    server.enqueue({ type: "http_error", status, code, message });
    const { error } = await run();
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(kind);
    expect((error as ProviderError).status).toBe(status);
    expect((error as ProviderError).message).toBe(expected);
  });

  it("names the variable of the provider when a key is missing", async () => {
    server.enqueue({ type: "http_error", status: 401, message: "No auth credentials found" });
    const { error } = await run({ name: "openrouter", apiKey: undefined });
    expect((error as ProviderError).message).toBe("OpenRouter needs an API key (401). Set OPENROUTER_API_KEY.");
  });

  it("fails with protocol on a malformed chunk and with network on a stream cut short", async () => {
    server.enqueue(
      { type: "completion", text: "a", interruption: { kind: "malformed_chunk", afterParts: 1 } },
      { type: "completion", text: "a", interruption: { kind: "truncate", afterParts: 1 } },
    );
    const malformed = await run();
    expect((malformed.error as ProviderError).kind).toBe("protocol");
    const truncated = await run();
    expect((truncated.error as ProviderError).kind).toBe("network");
    expect((truncated.error as ProviderError).message).toBe("Connection to OpenAI dropped mid-stream (the stream ended before a finish_reason).");
  });

  it("accepts a finished stream that leaves out [DONE]", async () => {
    server.enqueue({ type: "completion", text: "fine", omitDone: true });
    const { chunks, error } = await run();
    expect(error).toBeUndefined();
    expect(chunks.at(-1)).toMatchObject({ type: "done", usage: { stopReason: "end_turn" } });
  });

  it("gives up with network when the stream goes silent longer than timeoutMs", async () => {
    server.enqueue({ type: "completion", text: "a", interruption: { kind: "stall", afterParts: 1 } });
    const { chunks, error } = await run({ timeoutMs: 300 });
    expect(textOf(chunks)).toBe("a");
    expect((error as ProviderError).kind).toBe("network");
    expect((error as ProviderError).message).toBe("OpenAI sent nothing for 0.3s; the connection looks dead.");
    await expect(server.requests[0]?.clientClosed).resolves.toBeUndefined();
  });

  it("says a local server is not running, naming its address", async () => {
    const url = `${await unusedLocalUrl()}/v1`;
    const { error } = await run({ name: "ollama", apiKey: undefined, baseUrl: url });
    expect((error as ProviderError).kind).toBe("unreachable");
    expect((error as ProviderError).message).toMatch(new RegExp(`^Could not reach ${url} — is Ollama running\\? \\(.*ECONNREFUSED.*\\)$`));
  });

  it("lists the server's models", async () => {
    const listing = await startOpenAiWireServer({ modelInfo: { models: [{ id: "llama3.2:3b" }, { id: "qwen3:8b" }] } });
    try {
      const models = await createOpenAiProvider({ name: "ollama", baseUrl: listing.baseUrl }).listModels(new AbortController().signal);
      expect(models).toEqual(["llama3.2:3b", "qwen3:8b"]);
    } finally {
      await listing.close();
    }
  });

  it("fails to list models with a ProviderError naming the dead server", async () => {
    const url = `${await unusedLocalUrl()}/v1`;
    const error = await createOpenAiProvider({ name: "lmstudio", baseUrl: url }).listModels(new AbortController().signal).catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe("unreachable");
    expect((error as ProviderError).message).toContain(`Could not reach ${url} — is LM Studio running?`);
  });
});

describe("OpenAiLlmProvider startup cost", () => {
  it("loads the SDK only lazily: no runtime import of openai in the adapter's modules", async () => {
    const dir = new URL(".", import.meta.url);
    const sources = (await readdir(dir)).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    expect(sources).toContain("openai-llm-provider.ts");
    for (const file of sources) {
      const source = await readFile(new URL(file, dir), "utf8");
      const staticImports = source.match(/^import (?!type\b)[^;]*from "openai[^"]*";/gm) ?? [];
      expect({ file, staticImports }).toEqual({ file, staticImports: [] });
    }
  });
});
