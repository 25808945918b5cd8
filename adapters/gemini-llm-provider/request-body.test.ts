import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import { buildGenerateParams } from "./request-body.ts";

const REQUEST: ChatRequest = { model: "gemini-2.5-flash", system: "", messages: [{ role: "user", content: "hi" }], tools: [], maxTokens: 1000 };

describe("buildGenerateParams", () => {
  it("turns the SDK's retries, continuation and function calling off and leaves out what is empty", () => {
    const signal = new AbortController().signal;
    expect(buildGenerateParams(REQUEST, signal)).toEqual({
      model: "gemini-2.5-flash",
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      config: { abortSignal: signal, automaticFunctionCalling: { disable: true }, automaticContinuation: false, maxOutputTokens: 1000 },
    });
  });

  it("passes system, tools and temperature", () => {
    const { config } = buildGenerateParams({
      ...REQUEST, system: "Be brief.", temperature: 0,
      tools: [{ name: "t", description: "d", parameters: { type: "object" } }],
    }, new AbortController().signal);
    expect(config?.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
    expect(config?.tools).toEqual([{ functionDeclarations: [{ name: "t", description: "d", parametersJsonSchema: { type: "object" } }] }]);
    expect(config?.temperature).toBe(0);
  });

  it.each([
    [1000, 2048, 6144],
    [20_000, 2048, 20_000],
  ])("with maxTokens %i and a thinking budget of %i asks for %i output tokens and the thoughts", (maxTokens, thinkingBudget, expected) => {
    const { config } = buildGenerateParams({ ...REQUEST, maxTokens, thinkingBudget }, new AbortController().signal);
    expect(config?.maxOutputTokens).toBe(expected);
    expect(config?.thinkingConfig).toEqual({ thinkingBudget, includeThoughts: true });
  });

  it("sends no thinking config without a budget, leaving the model its default", () => {
    expect(buildGenerateParams({ ...REQUEST, thinkingBudget: 0 }, new AbortController().signal).config).not.toHaveProperty("thinkingConfig");
  });
});
