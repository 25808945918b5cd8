import type { GenerateContentResponse } from "@google/genai";
import { describe, expect, it } from "vitest";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { GeminiStreamTranslator, stopReasonOf, toTokenUsage, type TranslatorOptions } from "./stream-translation.ts";

/** Responses are written as plain JSON, the way they arrive; the SDK's class adds only getters. */
const response = (value: object): GenerateContentResponse => value as GenerateContentResponse;
const parts = (list: object[], extra: object = {}) => response({ candidates: [{ content: { role: "model", parts: list }, index: 0, ...extra }] });
const finish = (reason: string, usageMetadata?: object) => response({ candidates: [{ content: { role: "model", parts: [] }, finishReason: reason }], usageMetadata });

function counter(): () => string {
  let next = 0;
  return () => `gen_${++next}`;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function run(responses: readonly GenerateContentResponse[], options: TranslatorOptions = { newId: counter() }) {
  const translator = new GeminiStreamTranslator(options);
  const chunks: StreamChunk[] = responses.flatMap((r) => translator.accept(r));
  return { chunks, translator, end: () => translator.end() };
}

describe("GeminiStreamTranslator", () => {
  it("translates thoughts, text and parallel calls, then the signature and done with usage", () => {
    const { chunks, translator, end } = run([
      parts([{ text: "Let me ", thought: true }]),
      parts([{ text: "see.", thought: true }]),
      parts([{ text: "Reading " }]),
      parts([{ text: "both." }]),
      response({
        candidates: [{
          content: {
            role: "model",
            parts: [
              { functionCall: { name: "read_file", args: { path: "a.ts" } }, thoughtSignature: "SIG" },
              { functionCall: { name: "read_file", args: { path: "b.ts" } } },
            ],
          },
          finishReason: "STOP",
        }],
        usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 30, thoughtsTokenCount: 12, cachedContentTokenCount: 100, totalTokenCount: 162 },
      }),
    ]);
    expect(translator.finished).toBe(true);
    expect([...chunks, ...end()]).toEqual([
      { type: "thinking_delta", text: "Let me " },
      { type: "thinking_delta", text: "see." },
      { type: "text_delta", text: "Reading " },
      { type: "text_delta", text: "both." },
      { type: "tool_call_ready", call: { id: "gen_1", name: "read_file", arguments: '{"path":"a.ts"}' } },
      { type: "tool_call_ready", call: { id: "gen_2", name: "read_file", arguments: '{"path":"b.ts"}' } },
      { type: "thinking_signature", signature: "SIG" },
      {
        type: "done",
        usage: { promptTokens: 20, completionTokens: 42, cacheReadTokens: 100, cacheCreationTokens: 0, thinkingTokens: 12, stopReason: "tool_use" },
      },
    ]);
  });

  it("is not finished without a finishReason, and takes the latest usage", () => {
    const { translator, end } = run([
      response({ ...parts([{ text: "a" }]), usageMetadata: { promptTokenCount: 7 } }),
      response({ ...parts([{ text: "b" }]), usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 2 } }),
    ]);
    expect(translator.finished).toBe(false);
    expect(end().at(-1)).toEqual({
      type: "done", usage: { promptTokens: 7, completionTokens: 2, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "" },
    });
  });

  it("prefers the signature of a function call, else keeps the first one", () => {
    const signatureOf = (responses: GenerateContentResponse[]) => run([...responses, finish("STOP")]).end().find((c) => c.type === "thinking_signature");
    expect(signatureOf([parts([{ text: "x", thoughtSignature: "on-text" }, { functionCall: { name: "f" }, thoughtSignature: "on-call" }])]))
      .toEqual({ type: "thinking_signature", signature: "on-call" });
    expect(signatureOf([parts([{ functionCall: { name: "f" }, thoughtSignature: "first" }, { functionCall: { name: "g" }, thoughtSignature: "second" }])]))
      .toEqual({ type: "thinking_signature", signature: "first" });
    expect(signatureOf([parts([{ text: "a", thoughtSignature: "one" }]), parts([{ text: "", thoughtSignature: "two" }])]))
      .toEqual({ type: "thinking_signature", signature: "one" });
    expect(signatureOf([parts([{ text: "a", thoughtSignature: "" }])])).toBeUndefined();
  });

  it("keeps the wire's call ids unless empty, repeated or already in the conversation", () => {
    const { chunks } = run([
      parts([
        { functionCall: { id: "w1", name: "f" } },
        { functionCall: { id: "w1", name: "f" } },
        { functionCall: { id: "old", name: "f" } },
        { functionCall: { id: "", name: "f" } },
        { functionCall: { name: "f" } },
      ]),
    ], { takenIds: ["old"], newId: counter() });
    expect(chunks.map((c) => (c.type === "tool_call_ready" ? c.call.id : ""))).toEqual(["w1", "gen_1", "gen_2", "gen_3", "gen_4"]);
  });

  it("makes random call ids by default", () => {
    const { chunks } = run([parts([{ functionCall: { name: "f" } }, { functionCall: { name: "f" } }])], {});
    const ids = chunks.map((c) => (c.type === "tool_call_ready" ? c.call.id : ""));
    expect(ids[0]).toMatch(/^call_[0-9a-f]{24}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it("turns missing and non-object args into {}", () => {
    const { chunks } = run([parts([{ functionCall: { name: "f" } }, { functionCall: { name: "f", args: [1, 2] } }, { functionCall: { name: "f", args: null } }])]);
    expect(chunks.map((c) => (c.type === "tool_call_ready" ? c.call.arguments : ""))).toEqual(["{}", "{}", "{}"]);
  });

  it("ignores empty text, parts the port cannot carry and candidates past the first", () => {
    const { chunks } = run([
      parts([{ text: "" }, { inlineData: { mimeType: "image/png", data: "x" } }, { executableCode: { code: "1" } }]),
      response({ candidates: [{ content: { parts: [{ text: "first" }] } }, { content: { parts: [{ text: "second" }] } }] }),
      response({ usageMetadata: { promptTokenCount: 1 } }),
    ]);
    expect(chunks).toEqual([{ type: "text_delta", text: "first" }]);
  });

  it("throws protocol for a function call without a name", () => {
    const thrown = thrownBy(() => run([parts([{ functionCall: { args: {} } }])]));
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe("protocol");
  });

  it("throws bad_request for a blocked prompt", () => {
    const thrown = thrownBy(() => run([response({ promptFeedback: { blockReason: "SAFETY" } })]));
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe("bad_request");
    expect((thrown as ProviderError).message).toBe("Gemini refused the prompt (blocked: SAFETY). Rephrase the request or remove the flagged content.");
  });
});

describe("toTokenUsage", () => {
  it("moves cached tokens out of the prompt, counts thoughts as output and tool-use prompts as input", () => {
    expect(toTokenUsage({
      promptTokenCount: 1000, cachedContentTokenCount: 600, toolUsePromptTokenCount: 50, candidatesTokenCount: 80, thoughtsTokenCount: 20,
    }, "end_turn")).toEqual({ promptTokens: 450, completionTokens: 100, cacheReadTokens: 600, cacheCreationTokens: 0, thinkingTokens: 20, stopReason: "end_turn" });
  });

  it("is all zeros without usage", () => {
    expect(toTokenUsage(undefined, "")).toEqual({
      promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "",
    });
  });
});

describe("stopReasonOf", () => {
  it.each([
    ["STOP", false, "end_turn"],
    ["STOP", true, "tool_use"],
    ["MAX_TOKENS", true, "max_tokens"],
    ["SAFETY", false, "SAFETY"],
    ["MALFORMED_FUNCTION_CALL", false, "MALFORMED_FUNCTION_CALL"],
  ])("maps %s (calls: %s) to %s", (reason, sawCalls, expected) => {
    expect(stopReasonOf(reason, sawCalls)).toBe(expected);
  });
});
