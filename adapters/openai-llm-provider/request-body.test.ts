import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import { findOpenAiCompatibleProvider, STANDARD_DIALECT } from "./openai-compatible-providers.ts";
import { buildRequestBody } from "./request-body.ts";

const request = (model: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model, system: "", messages: [{ role: "user", content: "hi" }], tools: [], maxTokens: 100, ...extra,
});

describe("buildRequestBody", () => {
  it("streams with usage, and sends no tools key when there are none", () => {
    expect(buildRequestBody(request("llama3.2"), STANDARD_DIALECT)).toEqual({
      model: "llama3.2", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true }, max_tokens: 100,
    });
  });

  it("uses the provider's name for the output limit and leaves stream_options out where refused", () => {
    const openai = buildRequestBody(request("gpt-4.1"), findOpenAiCompatibleProvider("openai")!.dialect);
    expect(openai).toMatchObject({ max_completion_tokens: 100 });
    expect(openai).not.toHaveProperty("max_tokens");
    expect(buildRequestBody(request("mistral-large-latest"), findOpenAiCompatibleProvider("mistral")!.dialect)).not.toHaveProperty("stream_options");
  });

  it.each([
    ["gpt-4.1", 0.3],
    ["llama3.2", 0.3],
    ["gpt-5-chat-latest", 0.3],
    ["gpt-5", undefined],
    ["gpt-5-mini", undefined],
    ["o3", undefined],
    ["o4-mini", undefined],
    ["openai/gpt-5", undefined],
  ])("sends temperature to %s: %s", (model, expected) => {
    expect(buildRequestBody(request(model, { temperature: 0.3 }), STANDARD_DIALECT).temperature).toBe(expected);
  });

  it("maps a thinking budget to reasoning_effort for OpenAI's reasoning models only", () => {
    const base = { system: "s", messages: [{ role: "user" as const, content: "hi" }], tools: [], maxTokens: 100, thinkingBudget: 10_000 };
    expect(buildRequestBody({ ...base, model: "o3" }, STANDARD_DIALECT)).toMatchObject({ reasoning_effort: "medium" });
    expect(buildRequestBody({ ...base, model: "gpt-5", thinkingBudget: 2_000 }, STANDARD_DIALECT)).toMatchObject({ reasoning_effort: "low" });
    expect(buildRequestBody({ ...base, model: "qwen3:8b" }, STANDARD_DIALECT)).not.toHaveProperty("reasoning_effort");
  });
});
