import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../core/ports/llm-provider.ts";
import { MISSING_RESULT_NOTE, objectArguments, toOpenAiMessages, toOpenAiTools } from "./message-conversion.ts";

const call = (id: string, args = "{}", name = "read_file") => ({ id, name, arguments: args });
const wireCall = (id: string, args = "{}", name = "read_file") => ({ id, type: "function", function: { name, arguments: args } });

describe("toOpenAiMessages", () => {
  it("puts the system prompt first and sends user text as a string", () => {
    expect(toOpenAiMessages("Be brief.", [{ role: "user", content: "Hello" }])).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello" },
    ]);
  });

  it("leaves out a blank system prompt and blank messages", () => {
    expect(toOpenAiMessages("  ", [
      { role: "user", content: "Hi" },
      { role: "assistant", content: " ", thinking: { text: "only thought", signature: null } },
      { role: "user", content: "" },
    ])).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("turns mid-conversation system messages (compaction summaries) into user messages", () => {
    const converted = toOpenAiMessages("Rules.", [
      { role: "system", content: "Summary of the earlier conversation: …" },
      { role: "user", content: "Go on" },
    ]);
    expect(converted).toEqual([
      { role: "system", content: "Rules." },
      { role: "user", content: "Summary of the earlier conversation: …" },
      { role: "user", content: "Go on" },
    ]);
  });

  it("sends assistant tool calls with null content when there is no text, and never the thinking", () => {
    const converted = toOpenAiMessages("", [
      { role: "user", content: "Read both" },
      { role: "assistant", content: "", thinking: { text: "secret", signature: "sig" }, toolCalls: [call("t1", '{"path":"a.ts"}'), call("t2", '{"path":"b.ts"}')] },
      { role: "tool", content: "A", toolCallId: "t1" },
      { role: "tool", content: "B", toolCallId: "t2" },
    ]);
    expect(converted.slice(1)).toEqual([
      { role: "assistant", content: null, tool_calls: [wireCall("t1", '{"path":"a.ts"}'), wireCall("t2", '{"path":"b.ts"}')] },
      { role: "tool", tool_call_id: "t1", content: "A" },
      { role: "tool", tool_call_id: "t2", content: "B" },
    ]);
    expect(JSON.stringify(converted)).not.toContain("secret");
  });

  it("sends broken or non-object arguments back as {}", () => {
    const [assistant] = toOpenAiMessages("", [
      { role: "assistant", content: "", toolCalls: [call("t1", '{"path": "a.t'), call("t2", "[1]"), call("t3", "")] },
      { role: "tool", content: "x", toolCallId: "t1" },
      { role: "tool", content: "y", toolCallId: "t2" },
      { role: "tool", content: "z", toolCallId: "t3" },
    ]);
    expect(assistant).toMatchObject({ tool_calls: [wireCall("t1"), wireCall("t2"), wireCall("t3")] });
  });

  it("moves results up to their call, so nothing comes between, and keeps the rest in order after", () => {
    const converted = toOpenAiMessages("", [
      { role: "assistant", content: "", toolCalls: [call("t1"), call("t2")] },
      { role: "system", content: "Reminder: stay in the project." },
      { role: "tool", content: "two", toolCallId: "t2" },
      { role: "tool", content: "one", toolCallId: "t1" },
      { role: "user", content: "Now compare" },
    ]);
    expect(converted).toEqual([
      { role: "assistant", content: null, tool_calls: [wireCall("t1"), wireCall("t2")] },
      { role: "tool", tool_call_id: "t1", content: "one" },
      { role: "tool", tool_call_id: "t2", content: "two" },
      { role: "user", content: "Reminder: stay in the project." },
      { role: "user", content: "Now compare" },
    ]);
  });

  it("answers a call whose result is missing, since the API rejects unanswered calls", () => {
    const converted = toOpenAiMessages("", [
      { role: "assistant", content: "Trying.", toolCalls: [call("t1")] },
      { role: "user", content: "Stop, do something else" },
      { role: "assistant", content: "OK." },
      { role: "tool", content: "late", toolCallId: "t1" },
    ]);
    expect(converted).toEqual([
      { role: "assistant", content: "Trying.", tool_calls: [wireCall("t1")] },
      { role: "tool", tool_call_id: "t1", content: MISSING_RESULT_NOTE },
      { role: "user", content: "Stop, do something else" },
      { role: "assistant", content: "OK." },
      { role: "user", content: "Result of tool call t1:\nlate" },
    ]);
  });

  it("pairs results with calls that share an id across turns", () => {
    const converted = toOpenAiMessages("", [
      { role: "assistant", content: "", toolCalls: [call("same")] },
      { role: "tool", content: "first", toolCallId: "same" },
      { role: "assistant", content: "", toolCalls: [call("same")] },
      { role: "tool", content: "second", toolCallId: "same" },
    ]);
    expect(converted.filter((m) => m.role === "tool").map((m) => m.content)).toEqual(["first", "second"]);
  });

  it("sends user images as data URLs before the text", () => {
    const [message] = toOpenAiMessages("", [{ role: "user", content: "Look", images: [{ mediaType: "image/jpeg", base64: "AAA" }] }]);
    expect(message).toEqual({
      role: "user",
      content: [{ type: "image_url", image_url: { url: "data:image/jpeg;base64,AAA" } }, { type: "text", text: "Look" }],
    });
  });

  it("sends a tool result's images in a user message after the results, since tool messages carry text only", () => {
    const converted = toOpenAiMessages("", [
      { role: "assistant", content: "", toolCalls: [call("t1"), call("t2")] },
      { role: "tool", content: "screenshot taken", toolCallId: "t1", images: [{ mediaType: "image/png", base64: "PNG" }] },
      { role: "tool", content: "ok", toolCallId: "t2" },
    ]);
    expect(converted.slice(1)).toEqual([
      { role: "tool", tool_call_id: "t1", content: "screenshot taken" },
      { role: "tool", tool_call_id: "t2", content: "ok" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,PNG" } }] },
    ]);
  });

  it("keeps empty tool output as an empty tool message", () => {
    const converted = toOpenAiMessages("", [
      { role: "assistant", content: "", toolCalls: [call("t1")] },
      { role: "tool", content: "", toolCallId: "t1" },
    ]);
    expect(converted[1]).toEqual({ role: "tool", tool_call_id: "t1", content: "" });
  });

  it("converts a history written for Anthropic (toolu_ ids, signed thinking) without loss of calls or results", () => {
    const history: ChatMessage[] = [
      { role: "user", content: "Fix it" },
      { role: "assistant", content: "On it.", thinking: { text: "plan", signature: "EqQBCkYIARgC" }, toolCalls: [call("toolu_01A", '{"path":"x"}')] },
      { role: "tool", content: "contents", toolCallId: "toolu_01A" },
      { role: "assistant", content: "Fixed." },
    ];
    expect(toOpenAiMessages("", history)).toEqual([
      { role: "user", content: "Fix it" },
      { role: "assistant", content: "On it.", tool_calls: [wireCall("toolu_01A", '{"path":"x"}')] },
      { role: "tool", tool_call_id: "toolu_01A", content: "contents" },
      { role: "assistant", content: "Fixed." },
    ]);
  });
});

describe("tool call ids the server would refuse", () => {
  const history = (id: string): ChatMessage[] => [
    { role: "assistant", content: "", toolCalls: [call(id)] },
    { role: "tool", content: "done", toolCallId: id },
  ];
  const idsOf = (messages: ReturnType<typeof toOpenAiMessages>) =>
    messages.map((m) => (m.role === "tool" ? m.tool_call_id : m.role === "assistant" ? m.tool_calls?.[0]?.id : undefined));

  it("keeps ids up to 40 characters and shortens longer ones, the same for call and result", () => {
    expect(idsOf(toOpenAiMessages("", history("toolu_01A09q90qw90lq917835lq9")))).toEqual(["toolu_01A09q90qw90lq917835lq9", "toolu_01A09q90qw90lq917835lq9"]);
    const [callId, resultId] = idsOf(toOpenAiMessages("", history(`gemini-${"x".repeat(40)}`)));
    expect(callId).toMatch(/^call_[0-9a-f]{24}$/);
    expect(resultId).toBe(callId);
  });

  it("gives Mistral 9 letters or digits, leaving its own ids alone", () => {
    const [callId, resultId] = idsOf(toOpenAiMessages("", history("toolu_01A09q90qw90lq917835lq9"), "alnum9"));
    expect(callId).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(resultId).toBe(callId);
    expect(idsOf(toOpenAiMessages("", history("D681PevKs"), "alnum9"))).toEqual(["D681PevKs", "D681PevKs"]);
  });

  it("maps different ids to different replacements", () => {
    const one = idsOf(toOpenAiMessages("", history("toolu_one"), "alnum9"))[0];
    const two = idsOf(toOpenAiMessages("", history("toolu_two"), "alnum9"))[0];
    expect(one).not.toBe(two);
  });
});

describe("toOpenAiTools", () => {
  it("wraps each tool as a function with an object schema", () => {
    expect(toOpenAiTools([{ name: "glob", description: "Finds files.", parameters: { properties: { pattern: { type: "string" } } } }])).toEqual([
      { type: "function", function: { name: "glob", description: "Finds files.", parameters: { type: "object", properties: { pattern: { type: "string" } } } } },
    ]);
  });
});

describe("objectArguments", () => {
  it.each([
    ['{"a":1}', '{"a":1}'],
    ["{}", "{}"],
    ["", "{}"],
    ["null", "{}"],
    ['"text"', "{}"],
    ['{"a":', "{}"],
  ])("%j → %j", (json, expected) => {
    expect(objectArguments(json)).toBe(expected);
  });
});
