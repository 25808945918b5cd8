import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import { buildRequestBody } from "./request-body.ts";

const BASE: ChatRequest = {
  model: "claude-sonnet-4-6",
  system: "sys",
  messages: [{ role: "user", content: "hi" }],
  tools: [],
  maxTokens: 16384,
};

describe("buildRequestBody", () => {
  it("streams, with model, max_tokens, cached system and no tools key when there are no tools", () => {
    expect(buildRequestBody(BASE)).toEqual({
      model: "claude-sonnet-4-6",
      max_tokens: 16384,
      stream: true,
      system: [{ type: "text", text: "sys", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] }],
    });
  });

  it("puts rolling breakpoints on the latest message and the user message before it, none elsewhere", () => {
    const body = buildRequestBody({
      ...BASE,
      messages: [
        { role: "user", content: "one" },
        { role: "assistant", content: "", toolCalls: [{ id: "t1", name: "Read", arguments: "{}" }] },
        { role: "tool", content: "r1", toolCallId: "t1" },
        { role: "assistant", content: "", toolCalls: [{ id: "t2", name: "Read", arguments: "{}" }] },
        { role: "tool", content: "r2", toolCallId: "t2" },
      ],
    });
    const marked = body.messages.flatMap((m, i) => (Array.isArray(m.content) ? m.content.flatMap((b, j) => ("cache_control" in b && b.cache_control ? [`${i}.${j}`] : [])) : []));
    expect(marked).toEqual(["2.0", "4.0"]);
  });

  it("leaves the system key out when the prompt is empty", () => {
    expect(buildRequestBody({ ...BASE, system: "" })).not.toHaveProperty("system");
  });

  it("enables thinking and raises max_tokens to budget + 4096", () => {
    const body = buildRequestBody({ ...BASE, maxTokens: 4096, thinkingBudget: 10_000 });
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 10_000 });
    expect(body.max_tokens).toBe(14_096);
  });

  it("keeps a max_tokens that already leaves room for the answer", () => {
    expect(buildRequestBody({ ...BASE, maxTokens: 32_000, thinkingBudget: 2_000 }).max_tokens).toBe(32_000);
  });

  it("raises a budget below the API minimum to 1024", () => {
    const body = buildRequestBody({ ...BASE, maxTokens: 1000, thinkingBudget: 100 });
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(body.max_tokens).toBe(5120);
  });

  it("leaves thinking off for a zero budget", () => {
    const body = buildRequestBody({ ...BASE, thinkingBudget: 0 });
    expect(body).not.toHaveProperty("thinking");
    expect(body.max_tokens).toBe(16384);
  });

  it("never sends temperature, which API version 2026-10-21 does not accept", () => {
    expect(buildRequestBody({ ...BASE, temperature: 0.3 })).not.toHaveProperty("temperature");
    expect(buildRequestBody({ ...BASE, temperature: 0.3, thinkingBudget: 2048 })).not.toHaveProperty("temperature");
  });
});
