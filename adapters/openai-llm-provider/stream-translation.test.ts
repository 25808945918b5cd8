import { describe, expect, it } from "vitest";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { OpenAiStreamTranslator, toolArguments } from "./stream-translation.ts";

const delta = (fields: Record<string, unknown>, finish: string | null = null) => ({
  id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m",
  choices: [{ index: 0, delta: fields, finish_reason: finish }],
});
const finish = (reason: string) => delta({}, reason);
const toolDelta = (call: Record<string, unknown>) => delta({ tool_calls: [call] });

function translate(...chunks: unknown[]): { chunks: StreamChunk[]; translator: OpenAiStreamTranslator } {
  const translator = new OpenAiStreamTranslator("Wire");
  return { chunks: chunks.flatMap((chunk) => translator.accept(chunk)), translator };
}

describe("OpenAiStreamTranslator", () => {
  it("streams text and reasoning deltas, skipping empty and null pieces", () => {
    const { chunks } = translate(
      delta({ role: "assistant", content: "" }),
      delta({ content: null, reasoning_content: "Hmm" }),
      delta({ content: "Hi" }),
      delta({ content: null }),
      delta({ content: " there" }),
    );
    expect(chunks).toEqual([
      { type: "thinking_delta", text: "Hmm" },
      { type: "text_delta", text: "Hi" },
      { type: "text_delta", text: " there" },
    ]);
  });

  it("reads `reasoning` too, but once when a server sends both names", () => {
    const { chunks } = translate(delta({ reasoning: "a" }), delta({ reasoning_content: "b", reasoning: "b" }));
    expect(chunks).toEqual([{ type: "thinking_delta", text: "a" }, { type: "thinking_delta", text: "b" }]);
  });

  it("shows a refusal as text", () => {
    expect(translate(delta({ refusal: "I can't help with that." })).chunks).toEqual([{ type: "text_delta", text: "I can't help with that." }]);
  });

  it("emits a call when the next one starts, and the last at the finish_reason", () => {
    const translator = new OpenAiStreamTranslator("Wire");
    expect(translator.accept(toolDelta({ index: 0, id: "call_1", type: "function", function: { name: "read", arguments: "" } }))).toEqual([]);
    expect(translator.accept(toolDelta({ index: 0, function: { arguments: '{"pa' } }))).toEqual([]);
    expect(translator.accept(toolDelta({ index: 0, function: { arguments: 'th":"a"}' } }))).toEqual([]);
    expect(translator.accept(toolDelta({ index: 1, id: "call_2", type: "function", function: { name: "grep", arguments: '{"q":1}' } }))).toEqual([
      { type: "tool_call_ready", call: { id: "call_1", name: "read", arguments: '{"path":"a"}' } },
    ]);
    expect(translator.finished).toBe(false);
    expect(translator.accept(finish("tool_calls"))).toEqual([
      { type: "tool_call_ready", call: { id: "call_2", name: "grep", arguments: '{"q":1}' } },
    ]);
    expect(translator.finished).toBe(true);
    expect(translator.done()).toMatchObject({ type: "done", usage: { stopReason: "tool_use" } });
  });

  it("tells calls apart by id when a server numbers them all 0", () => {
    const { chunks } = translate(
      toolDelta({ index: 0, id: "a", function: { name: "read", arguments: '{"n":1}' } }),
      toolDelta({ index: 0, id: "b", function: { name: "read", arguments: '{"n":2}' } }),
      finish("tool_calls"),
    );
    expect(chunks).toEqual([
      { type: "tool_call_ready", call: { id: "a", name: "read", arguments: '{"n":1}' } },
      { type: "tool_call_ready", call: { id: "b", name: "read", arguments: '{"n":2}' } },
    ]);
  });

  it("adds index-less pieces to the open call, and takes arguments sent as an object", () => {
    const { chunks } = translate(
      toolDelta({ id: "a", function: { name: "read", arguments: '{"path":' } }),
      toolDelta({ function: { arguments: '"x"}' } }),
      toolDelta({ index: 1, id: "b", function: { name: "glob", arguments: { pattern: "*" } } }),
      finish("tool_calls"),
    );
    expect(chunks).toEqual([
      { type: "tool_call_ready", call: { id: "a", name: "read", arguments: '{"path":"x"}' } },
      { type: "tool_call_ready", call: { id: "b", name: "glob", arguments: '{"pattern":"*"}' } },
    ]);
  });

  it("does not double a name that a server repeats on every delta, and keeps a repeated id as the same call", () => {
    const { chunks } = translate(
      toolDelta({ index: 0, id: "c1", function: { name: "read", arguments: '{"a":' } }),
      toolDelta({ index: 0, id: "c1", function: { name: "read", arguments: "1}" } }),
      finish("tool_calls"),
    );
    expect(chunks).toEqual([{ type: "tool_call_ready", call: { id: "c1", name: "read", arguments: '{"a":1}' } }]);
  });

  it("gives a call without an id a unique made-up one", () => {
    const { chunks } = translate(toolDelta({ index: 0, function: { name: "read", arguments: "" } }), toolDelta({ index: 1, function: { name: "read" } }), finish("stop"));
    const ids = chunks.flatMap((c) => (c.type === "tool_call_ready" ? [c.call.id] : []));
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => /^call_[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });

  it("fails with protocol on a call that never got a name", () => {
    expect(() => translate(toolDelta({ index: 0, id: "x", function: { arguments: "{}" } }), finish("tool_calls"))).toThrow(ProviderError);
  });

  it.each([
    ["stop", "end_turn"],
    ["tool_calls", "tool_use"],
    ["function_call", "tool_use"],
    ["length", "max_tokens"],
    ["content_filter", "content_filter"],
  ])("maps finish_reason %s to %s", (reason, expected) => {
    const { translator } = translate(delta({ content: "x" }), finish(reason));
    expect(translator.done()).toMatchObject({ usage: { stopReason: expected } });
  });

  it("reports tool_use when a server says stop after tool calls", () => {
    const { translator } = translate(toolDelta({ index: 0, id: "c", function: { name: "read", arguments: "{}" } }), finish("stop"));
    expect(translator.done()).toMatchObject({ usage: { stopReason: "tool_use" } });
  });

  it("takes usage from the usage chunk, cached and cache-written tokens out of the prompt count", () => {
    const { translator } = translate(finish("stop"), {
      id: "x", choices: [],
      usage: {
        prompt_tokens: 2350, completion_tokens: 345, total_tokens: 2695,
        prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 150 },
        completion_tokens_details: { reasoning_tokens: 200 },
      },
    });
    expect(translator.done()).toEqual({
      type: "done",
      usage: { promptTokens: 1200, completionTokens: 345, cacheReadTokens: 1000, cacheCreationTokens: 150, thinkingTokens: 200, stopReason: "end_turn" },
    });
  });

  it("reads DeepSeek's cache hits and a usage without details", () => {
    const deepseek = translate({ ...finish("stop"), usage: { prompt_tokens: 500, completion_tokens: 10, prompt_cache_hit_tokens: 400, prompt_cache_miss_tokens: 100 } });
    expect(deepseek.translator.done()).toMatchObject({ usage: { promptTokens: 100, cacheReadTokens: 400 } });
    const plain = translate({ ...finish("stop"), usage: { prompt_tokens: 50, completion_tokens: 7 } });
    expect(plain.translator.done()).toMatchObject({ usage: { promptTokens: 50, completionTokens: 7, cacheReadTokens: 0, thinkingTokens: 0 } });
  });

  it("ignores other choices, null usage and chunks without choices", () => {
    const { chunks } = translate(
      { id: "x", choices: [{ index: 1, delta: { content: "other" }, finish_reason: null }, { index: 0, delta: { content: "mine" }, finish_reason: null }] },
      { id: "x", usage: null },
    );
    expect(chunks).toEqual([{ type: "text_delta", text: "mine" }]);
  });

  it("fails with protocol on chunks of the wrong shape", () => {
    expect(() => translate("data")).toThrow(/Wire sent a stream Ursa could not follow: a chunk that is not an object/);
    expect(() => translate({ choices: {} })).toThrow(ProviderError);
    expect(() => translate(delta({ tool_calls: ["x"] }))).toThrow(ProviderError);
  });
});

describe("toolArguments", () => {
  it.each([
    ["", "{}"],
    ["  ", "{}"],
    ['{"a":1}', '{"a":1}'],
    ["[1,2]", "{}"],
    ['{"a": "cut', '{"a": "cut'],
  ])("%j → %j", (json, expected) => {
    expect(toolArguments(json)).toBe(expected);
  });
});
