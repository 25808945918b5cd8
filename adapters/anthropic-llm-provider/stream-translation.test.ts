import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { describe, expect, it } from "vitest";
import { ProviderError, type StreamChunk } from "../../core/ports/llm-provider.ts";
import { AnthropicStreamTranslator, toolArguments } from "./stream-translation.ts";

/** Events are written as plain JSON, the way they arrive; the SDK types are far stricter than needed here. */
const ev = (event: object): RawMessageStreamEvent => event as RawMessageStreamEvent;

const start = (usage: object = { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 80, cache_creation_input_tokens: 20 }) =>
  ev({ type: "message_start", message: { id: "m", type: "message", role: "assistant", content: [], usage } });
const blockStart = (index: number, content_block: object) => ev({ type: "content_block_start", index, content_block });
const delta = (index: number, d: object) => ev({ type: "content_block_delta", index, delta: d });
const blockStop = (index: number) => ev({ type: "content_block_stop", index });
const messageDelta = (stop_reason: string, usage: object) => ev({ type: "message_delta", delta: { stop_reason, stop_sequence: null }, usage });
const stop = ev({ type: "message_stop" });

function run(events: readonly RawMessageStreamEvent[]): { chunks: StreamChunk[]; translator: AnthropicStreamTranslator } {
  const translator = new AnthropicStreamTranslator();
  return { chunks: events.flatMap((event) => translator.accept(event)), translator };
}

describe("AnthropicStreamTranslator", () => {
  it("translates thinking, signature, text and a tool call, then done with usage", () => {
    const { chunks, translator } = run([
      start(),
      ev({ type: "ping" }),
      blockStart(0, { type: "thinking", thinking: "", signature: "" }),
      delta(0, { type: "thinking_delta", thinking: "Let me " }),
      delta(0, { type: "thinking_delta", thinking: "see." }),
      delta(0, { type: "signature_delta", signature: "EqQBCgIYAh" }),
      blockStop(0),
      blockStart(1, { type: "text", text: "" }),
      delta(1, { type: "text_delta", text: "Reading " }),
      delta(1, { type: "text_delta", text: "it." }),
      blockStop(1),
      blockStart(2, { type: "tool_use", id: "toolu_9", name: "read_file", input: {} }),
      delta(2, { type: "input_json_delta", partial_json: "" }),
      delta(2, { type: "input_json_delta", partial_json: '{"pa' }),
      delta(2, { type: "input_json_delta", partial_json: 'th":"x.ts"}' }),
      blockStop(2),
      messageDelta("tool_use", { output_tokens: 42, output_tokens_details: { thinking_tokens: 12 } }),
      stop,
    ]);
    expect(chunks).toEqual([
      { type: "thinking_delta", text: "Let me " },
      { type: "thinking_delta", text: "see." },
      { type: "thinking_signature", signature: "EqQBCgIYAh" },
      { type: "text_delta", text: "Reading " },
      { type: "text_delta", text: "it." },
      { type: "tool_call_ready", call: { id: "toolu_9", name: "read_file", arguments: '{"path":"x.ts"}' } },
      {
        type: "done",
        usage: { promptTokens: 100, completionTokens: 42, cacheReadTokens: 80, cacheCreationTokens: 20, thinkingTokens: 12, stopReason: "tool_use" },
      },
    ]);
    expect(translator.finished).toBe(true);
  });

  it("emits each tool call as soon as its block stops, even when blocks interleave", () => {
    const { chunks } = run([
      start(),
      blockStart(0, { type: "tool_use", id: "a", name: "glob", input: {} }),
      blockStart(1, { type: "tool_use", id: "b", name: "grep", input: {} }),
      delta(1, { type: "input_json_delta", partial_json: '{"q":"b"}' }),
      delta(0, { type: "input_json_delta", partial_json: '{"q":"a"}' }),
      blockStop(1),
      blockStop(0),
    ]);
    expect(chunks).toEqual([
      { type: "tool_call_ready", call: { id: "b", name: "grep", arguments: '{"q":"b"}' } },
      { type: "tool_call_ready", call: { id: "a", name: "glob", arguments: '{"q":"a"}' } },
    ]);
  });

  it("lets message_delta's cumulative counts replace message_start's, ignoring nulls", () => {
    const { chunks } = run([
      start({ input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 5, cache_creation_input_tokens: 0 }),
      messageDelta("end_turn", { input_tokens: 12, output_tokens: 30, cache_read_input_tokens: null, cache_creation_input_tokens: 7 }),
      stop,
    ]);
    expect(chunks).toEqual([{
      type: "done",
      usage: { promptTokens: 12, completionTokens: 30, cacheReadTokens: 5, cacheCreationTokens: 7, thinkingTokens: 0, stopReason: "end_turn" },
    }]);
  });

  it("ignores redacted thinking, citations, unknown events and anything after message_stop", () => {
    const { chunks } = run([
      start(),
      blockStart(0, { type: "redacted_thinking", data: "opaque" }),
      blockStop(0),
      blockStart(1, { type: "text", text: "" }),
      delta(1, { type: "citations_delta", citation: {} }),
      delta(1, { type: "text_delta", text: "" }),
      blockStop(1),
      ev({ type: "some_future_event" }),
      messageDelta("end_turn", { output_tokens: 3 }),
      stop,
      delta(1, { type: "text_delta", text: "late" }),
    ]);
    expect(chunks.map((c) => c.type)).toEqual(["done"]);
  });

  it("keeps text that arrives already in content_block_start", () => {
    const { chunks } = run([start(), blockStart(0, { type: "text", text: "Hi" }), blockStop(0)]);
    expect(chunks).toEqual([{ type: "text_delta", text: "Hi" }]);
  });

  it("is not finished without message_stop", () => {
    const { chunks, translator } = run([start(), blockStart(0, { type: "text", text: "" }), delta(0, { type: "text_delta", text: "x" })]);
    expect(chunks).toEqual([{ type: "text_delta", text: "x" }]);
    expect(translator.finished).toBe(false);
  });

  it.each([
    ["a delta for a block never started", [start(), delta(3, { type: "text_delta", text: "x" })]],
    ["a stop for a block never started", [start(), blockStop(0)]],
    ["a block start without a block", [start(), ev({ type: "content_block_start", index: 0 })]],
    ["a delta without a type", [start(), blockStart(0, { type: "text", text: "" }), delta(0, { text: "x" })]],
    ["tool input for a text block", [start(), blockStart(0, { type: "text", text: "" }), delta(0, { type: "input_json_delta", partial_json: "{}" })]],
  ])("throws a protocol ProviderError for %s", (_, events) => {
    const translator = new AnthropicStreamTranslator();
    let thrown: unknown;
    try {
      for (const event of events) translator.accept(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe("protocol");
  });
});

describe("toolArguments", () => {
  it.each([
    ["", {}, "{}"],
    ["  ", {}, "{}"],
    ["", { path: "a" }, '{"path":"a"}'],
    ['{"a":1}', {}, '{"a":1}'],
    ["[1,2]", {}, "{}"],
    ['"text"', {}, "{}"],
    ["null", {}, "{}"],
    ['{"path": "cut of', {}, '{"path": "cut of'],
  ])("turns %j (start input %j) into %j", (json, startInput, expected) => {
    expect(toolArguments(json, startInput)).toBe(expected);
  });
});
