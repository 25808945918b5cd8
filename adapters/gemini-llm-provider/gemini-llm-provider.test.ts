import { readdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolCall } from "../../core/domain/message.ts";
import type { ChatRequest, StreamChunk } from "../../core/ports/llm-provider.ts";
import { describeLlmProviderContract } from "../../test/contract/llm-provider.contract.ts";
import { geminiReplyFor } from "../../test/wire/gemini-scenarios.ts";
import { startGeminiWireServer, type GeminiWireServer } from "../../test/wire/gemini-wire-server.ts";
import { createGeminiProvider, DEFAULT_GEMINI_MODEL, type GeminiProviderOptions } from "./mod.ts";
import { collect, textOf } from "../../test/support/provider-testing.ts";

describeLlmProviderContract("gemini", async () => {
  const server = await startGeminiWireServer();
  return {
    provider: createGeminiProvider({ apiKey: "gm-test", baseUrl: server.url }),
    model: DEFAULT_GEMINI_MODEL,
    reportsCacheWrites: false,
    signsThinking: true,
    script: (scenario) => server.enqueue(geminiReplyFor(scenario)),
    latestRequestClosed: () => server.requests.at(-1)?.clientClosed ?? Promise.reject(new Error("no request was made")),
    requestCount: () => server.requests.length,
    close: () => server.close(),
  };
});

const REQUEST: ChatRequest = {
  model: "gemini-2.5-flash",
  system: "You are Ursa.",
  messages: [{ role: "user", content: "List the files." }],
  tools: [{
    name: "glob", description: "Finds files.",
    parameters: { type: "object", properties: { pattern: { type: "string" } }, additionalProperties: false },
  }],
  maxTokens: 2048,
};

type Body = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> } & Record<string, unknown>;

describe("GeminiLlmProvider on the wire", () => {
  let server: GeminiWireServer;
  beforeEach(async () => {
    server = await startGeminiWireServer();
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (options: GeminiProviderOptions = {}) => createGeminiProvider({ apiKey: "gm-test", baseUrl: server.url, ...options });

  it("posts the converted request to streamGenerateContent with the API key header", async () => {
    server.enqueue({ type: "message", parts: [{ type: "text", text: "ok" }] });
    await collect(provider().stream(REQUEST, new AbortController().signal));
    const [recorded] = server.requests;
    expect(recorded?.method).toBe("POST");
    expect(recorded?.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(recorded?.headers["x-goog-api-key"]).toBe("gm-test");
    expect(recorded?.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "List the files." }] }],
      systemInstruction: { parts: [{ text: "You are Ursa." }] },
      tools: [{
        functionDeclarations: [{
          name: "glob", description: "Finds files.",
          parametersJsonSchema: { type: "object", properties: { pattern: { type: "string" } }, additionalProperties: false },
        }],
      }],
      generationConfig: { maxOutputTokens: 2048 },
    });
  });

  it("asks for thoughts with a budget and room for the answer", async () => {
    server.enqueue({ type: "message", parts: [{ type: "text", text: "ok" }] });
    await collect(provider().stream({ ...REQUEST, thinkingBudget: 8000, temperature: 0.2 }, new AbortController().signal));
    expect((server.requests[0]?.body as Body)["generationConfig"]).toEqual({
      maxOutputTokens: 12096, temperature: 0.2, thinkingConfig: { thinkingBudget: 8000, includeThoughts: true },
    });
  });

  it("sends a whole tool round trip back, with the signature on the call and the response named", async () => {
    server.enqueue(
      {
        type: "message",
        parts: [
          { type: "thought", text: "Glob first." },
          { type: "function_call", name: "glob", args: { pattern: "*.ts" }, signature: "c2lnLTE=" },
          { type: "function_call", name: "glob", args: { pattern: "*.md" } },
        ],
        usage: { promptTokenCount: 50, candidatesTokenCount: 20, thoughtsTokenCount: 12 },
      },
      (body) => {
        const responses = (body as Body).contents.at(-1)?.parts.filter((p) => p["functionResponse"] !== undefined) ?? [];
        return { type: "message", parts: [{ type: "text", text: `got ${responses.length} result(s)` }] };
      },
    );
    const first = await collect(provider().stream({ ...REQUEST, thinkingBudget: 1024 }, new AbortController().signal));
    const calls = first.chunks.flatMap((c) => (c.type === "tool_call_ready" ? [c.call] : []));
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([["glob", '{"pattern":"*.ts"}'], ["glob", '{"pattern":"*.md"}']]);
    // The wire gave no ids: each call got its own.
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(first.chunks.slice(-2)).toEqual([
      { type: "thinking_signature", signature: "c2lnLTE=" },
      {
        type: "done",
        usage: { promptTokens: 50, completionTokens: 32, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 12, stopReason: "tool_use" },
      },
    ]);
    const [a, b] = calls as [ToolCall, ToolCall];
    const second = await collect(provider().stream({
      ...REQUEST,
      messages: [
        ...REQUEST.messages,
        { role: "assistant", content: "", toolCalls: calls, thinking: { text: "Glob first.", signature: "c2lnLTE=" } },
        { role: "tool", content: "a.ts", toolCallId: a.id },
        { role: "tool", content: "", toolCallId: b.id },
      ],
    }, new AbortController().signal));
    expect(textOf(second.chunks)).toBe("got 2 result(s)");
    expect((server.requests[1]?.body as Body).contents).toEqual([
      { role: "user", parts: [{ text: "List the files." }] },
      {
        role: "model",
        parts: [
          { functionCall: { id: a.id, name: "glob", args: { pattern: "*.ts" } }, thoughtSignature: "c2lnLTE=" },
          { functionCall: { id: b.id, name: "glob", args: { pattern: "*.md" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: a.id, name: "glob", response: { output: "a.ts" } } },
          { functionResponse: { id: b.id, name: "glob", response: { output: "" } } },
        ],
      },
    ]);
  });

  it("gives a call a new id when Gemini reuses one from an earlier turn", async () => {
    server.enqueue({ type: "message", parts: [{ type: "function_call", id: "c1", name: "glob", args: {} }] });
    const { chunks } = await collect(provider().stream({
      ...REQUEST,
      messages: [
        ...REQUEST.messages,
        { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "glob", arguments: "{}" }] },
        { role: "tool", content: "none", toolCallId: "c1" },
      ],
    }, new AbortController().signal));
    const call = chunks.find((c) => c.type === "tool_call_ready");
    expect(call?.type === "tool_call_ready" && call.call.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it("answers capabilities from the catalog, and safe defaults for unknown models", async () => {
    const signal = new AbortController().signal;
    await expect(provider().capabilities("gemini-2.5-pro", signal)).resolves.toEqual({ contextWindow: 1_048_576, maxOutputTokens: 65_536 });
    await expect(provider().capabilities("gemini-9-ultra", signal)).resolves.toEqual({ contextWindow: 128_000, maxOutputTokens: 8_192 });
    expect(server.requests).toHaveLength(0);
  });
});

describe("GeminiLlmProvider startup cost", () => {
  it("loads the SDK only lazily: no runtime import of @google/genai in the adapter's modules", async () => {
    const dir = new URL(".", import.meta.url);
    const sources = (await readdir(dir)).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    expect(sources).toContain("gemini-llm-provider.ts");
    for (const file of sources) {
      const source = await readFile(new URL(file, dir), "utf8");
      const staticImports = source.match(/^import (?!type\b)[^;]*from "@google\/genai[^"]*";/gm) ?? [];
      expect(staticImports, file).toEqual([]);
    }
  });
});
