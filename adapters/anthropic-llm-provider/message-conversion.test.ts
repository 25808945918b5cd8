import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../core/ports/llm-provider.ts";
import {
  OMITTED_HISTORY_NOTE, parseToolInput, toAnthropicMessages, toAnthropicSystem, toAnthropicTools,
} from "./message-conversion.ts";

const call = (id: string, args: string, name = "read_file") => ({ id, name, arguments: args });

describe("toAnthropicMessages", () => {
  it("sends a user message as a text block", () => {
    expect(toAnthropicMessages([{ role: "user", content: "Hello" }])).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello" }] },
    ]);
  });

  it("turns an assistant's tool calls into text then tool_use blocks with parsed input", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "Read both" },
      { role: "assistant", content: "Reading.", toolCalls: [call("t1", '{"path":"a.ts"}'), call("t2", '{"path":"b.ts","limit":5}')] },
    ];
    expect(toAnthropicMessages(messages)[1]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "Reading." },
        { type: "tool_use", id: "t1", name: "read_file", input: { path: "a.ts" } },
        { type: "tool_use", id: "t2", name: "read_file", input: { path: "b.ts", limit: 5 } },
      ],
    });
  });

  it("sends tool calls with invalid or non-object arguments as {}", () => {
    const [, assistant] = toAnthropicMessages([
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("t1", '{"path": "a.t'), call("t2", '"just a string"'), call("t3", "")] },
    ]);
    expect(assistant?.content).toEqual([
      { type: "tool_use", id: "t1", name: "read_file", input: {} },
      { type: "tool_use", id: "t2", name: "read_file", input: {} },
      { type: "tool_use", id: "t3", name: "read_file", input: {} },
    ]);
  });

  it("merges consecutive tool results, and the user text after them, into one user message", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "Read both" },
      { role: "assistant", content: "", toolCalls: [call("t1", "{}"), call("t2", "{}")] },
      { role: "tool", content: "contents of a", toolCallId: "t1" },
      { role: "tool", content: "contents of b", toolCallId: "t2" },
      { role: "user", content: "Now compare them" },
    ];
    const converted = toAnthropicMessages(messages);
    expect(converted).toHaveLength(3);
    expect(converted[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "t1", content: "contents of a" },
        { type: "tool_result", tool_use_id: "t2", content: "contents of b" },
        { type: "text", text: "Now compare them" },
      ],
    });
  });

  it("puts tool results first in a merged user message even when text came before them", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("t1", "{}")] },
      { role: "system", content: "Reminder: stay in the project." },
      { role: "tool", content: "done", toolCallId: "t1" },
    ]);
    expect(converted[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "t1", content: "done" },
      { type: "text", text: "Reminder: stay in the project." },
    ]);
  });

  it("keeps a tool result with empty output, without content", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("t1", "{}")] },
      { role: "tool", content: "", toolCallId: "t1" },
    ]);
    expect(converted[2]).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "t1" }] });
  });

  it("sends a tool message without a call id as plain user text, since it answers no tool_use", () => {
    expect(toAnthropicMessages([{ role: "tool", content: "orphan output" }])).toEqual([
      { role: "user", content: [{ type: "text", text: "orphan output" }] },
    ]);
  });

  it("sends images of a tool result inside the result", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "look" },
      { role: "assistant", content: "", toolCalls: [call("t1", "{}")] },
      { role: "tool", content: "screenshot.png", toolCallId: "t1", images: [{ mediaType: "image/png", base64: "iVBOR" }] },
    ]);
    expect(converted[2]?.content).toEqual([{
      type: "tool_result", tool_use_id: "t1",
      content: [
        { type: "text", text: "screenshot.png" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
      ],
    }]);
  });

  it("turns system messages in the history (compaction summaries) into user text", () => {
    const converted = toAnthropicMessages([
      { role: "system", content: "Summary: we fixed the parser." },
      { role: "user", content: "Continue" },
    ]);
    expect(converted).toEqual([{
      role: "user",
      content: [{ type: "text", text: "Summary: we fixed the parser." }, { type: "text", text: "Continue" }],
    }]);
  });

  it("sends signed thinking first and drops unsigned thinking", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "q1" },
      { role: "assistant", content: "a1", thinking: { text: "pondering", signature: "sig-1" }, toolCalls: [call("t1", "{}")] },
      { role: "tool", content: "r1", toolCallId: "t1" },
      { role: "assistant", content: "a2", thinking: { text: "unsigned", signature: null } },
    ]);
    expect(converted[1]?.content).toEqual([
      { type: "thinking", thinking: "pondering", signature: "sig-1" },
      { type: "text", text: "a1" },
      { type: "tool_use", id: "t1", name: "read_file", input: {} },
    ]);
    expect(converted[3]?.content).toEqual([{ type: "text", text: "a2" }]);
  });

  it("puts user images before the text as base64 image blocks", () => {
    const converted = toAnthropicMessages([{
      role: "user", content: "What is this?",
      images: [{ mediaType: "image/jpeg", base64: "/9j/4AAQ" }, { mediaType: "image/webp", base64: "UklGR" }],
    }]);
    expect(converted[0]?.content).toEqual([
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
      { type: "image", source: { type: "base64", media_type: "image/webp", data: "UklGR" } },
      { type: "text", text: "What is this?" },
    ]);
  });

  it("starts with a user message when the history starts with the assistant", () => {
    const converted = toAnthropicMessages([
      { role: "assistant", content: "I was saying…" },
      { role: "user", content: "Go on" },
    ]);
    expect(converted.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(converted[0]?.content).toEqual([{ type: "text", text: OMITTED_HISTORY_NOTE }]);
  });

  it("merges adjacent messages of the same role so roles alternate", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "one" },
      { role: "user", content: "two" },
      { role: "assistant", content: "three" },
      { role: "assistant", content: "four" },
    ]);
    expect(converted).toEqual([
      { role: "user", content: [{ type: "text", text: "one" }, { type: "text", text: "two" }] },
      { role: "assistant", content: [{ type: "text", text: "three" }, { type: "text", text: "four" }] },
    ]);
  });

  it("skips messages with nothing to send, which the API would reject", () => {
    const converted = toAnthropicMessages([
      { role: "user", content: "hi" },
      { role: "assistant", content: "   " },
      { role: "user", content: "" },
      { role: "user", content: "again" },
    ]);
    expect(converted).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }, { type: "text", text: "again" }] }]);
  });

  it("returns no messages for an empty history", () => {
    expect(toAnthropicMessages([])).toEqual([]);
  });
});

describe("toAnthropicSystem", () => {
  it("marks the system prompt as a cache breakpoint", () => {
    expect(toAnthropicSystem("Be brief.")).toEqual([{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }]);
  });

  it("omits an empty system prompt", () => {
    expect(toAnthropicSystem(" \n")).toBeUndefined();
  });
});

describe("toAnthropicTools", () => {
  it("maps schemas to input_schema and caches only the last tool", () => {
    const tools = toAnthropicTools([
      { name: "a", description: "A", parameters: { type: "object", properties: { x: { type: "number" } }, required: ["x"] } },
      { name: "b", description: "B", parameters: { properties: {} } },
    ]);
    expect(tools).toEqual([
      { name: "a", description: "A", input_schema: { type: "object", properties: { x: { type: "number" } }, required: ["x"] } },
      { name: "b", description: "B", input_schema: { type: "object", properties: {} }, cache_control: { type: "ephemeral" } },
    ]);
  });

  it("returns no tools for none", () => {
    expect(toAnthropicTools([])).toEqual([]);
  });
});

describe("parseToolInput", () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ["", {}],
    ["null", {}],
    ["[1,2]", {}],
    ["42", {}],
    ['{"a":', {}],
  ])("parses %j as %j", (json, expected) => {
    expect(parseToolInput(json)).toEqual(expected);
  });
});
