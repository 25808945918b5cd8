import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../core/ports/llm-provider.ts";
import {
  OMITTED_HISTORY_NOTE, ORPHAN_RESULT_NOTE, parseToolArgs, toGeminiContents, toGeminiSystem, toGeminiTools,
} from "./message-conversion.ts";

const PNG = { mediaType: "image/png", base64: "iVBORw0KGgo=" };

describe("toGeminiSystem", () => {
  it("wraps the prompt in a role-less instruction, and gives none for a blank one", () => {
    expect(toGeminiSystem("Be brief.")).toEqual({ parts: [{ text: "Be brief." }] });
    expect(toGeminiSystem("  \n")).toBeUndefined();
  });
});

describe("toGeminiTools", () => {
  it("declares every tool under parametersJsonSchema, keeping JSON Schema that `parameters` would reject", () => {
    const tools = toGeminiTools([
      { name: "edit", description: "Edits.", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"], additionalProperties: false } },
      { name: "now", description: "Tells the time.", parameters: { properties: {} } },
    ]);
    expect(tools).toEqual([{
      functionDeclarations: [
        {
          name: "edit", description: "Edits.",
          parametersJsonSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"], additionalProperties: false },
        },
        { name: "now", description: "Tells the time.", parametersJsonSchema: { type: "object", properties: {} } },
      ],
    }]);
    expect(tools[0]?.functionDeclarations?.[0]).not.toHaveProperty("parameters");
  });

  it("sends no tool list when there are no tools", () => {
    expect(toGeminiTools([])).toEqual([]);
  });
});

describe("toGeminiContents", () => {
  it("converts a whole tool round trip: images, calls with the signature, named responses in one user turn", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "What is in this picture and in src?", images: [PNG] },
      {
        role: "assistant", content: "Let me look.",
        toolCalls: [{ id: "c1", name: "glob", arguments: '{"pattern":"src/*"}' }, { id: "c2", name: "read_file", arguments: '{"path":"a.ts"}' }],
        thinking: { text: "Two lookups.", signature: "sig-A" },
      },
      { role: "tool", content: "src/a.ts", toolCallId: "c1" },
      { role: "system", content: "The user switched to plan mode." },
      { role: "tool", content: "export {}", toolCallId: "c2" },
      { role: "user", content: "Go on." },
    ];
    expect(toGeminiContents(messages)).toEqual([
      { role: "user", parts: [{ inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }, { text: "What is in this picture and in src?" }] },
      {
        role: "model",
        parts: [
          { text: "Let me look." },
          { functionCall: { id: "c1", name: "glob", args: { pattern: "src/*" } }, thoughtSignature: "sig-A" },
          { functionCall: { id: "c2", name: "read_file", args: { path: "a.ts" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "c1", name: "glob", response: { output: "src/a.ts" } } },
          { functionResponse: { id: "c2", name: "read_file", response: { output: "export {}" } } },
          { text: "The user switched to plan mode." },
          { text: "Go on." },
        ],
      },
    ]);
  });

  it("names each response after its own turn's call when Gemini reused an id", () => {
    const contents = toGeminiContents([
      { role: "user", content: "hi" },
      { role: "assistant", content: "", toolCalls: [{ id: "function-call-1", name: "glob", arguments: "{}" }] },
      { role: "tool", content: "a", toolCallId: "function-call-1" },
      { role: "assistant", content: "", toolCalls: [{ id: "function-call-1", name: "grep", arguments: "{}" }] },
      { role: "tool", content: "b", toolCallId: "function-call-1" },
    ]);
    const names = contents.flatMap((c) => c.parts ?? []).flatMap((p) => (p.functionResponse ? [p.functionResponse.name] : []));
    expect(names).toEqual(["glob", "grep"]);
  });

  it("sends a result whose call is not in the preceding assistant turn as text", () => {
    const contents = toGeminiContents([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Done.", toolCalls: [] },
      { role: "tool", content: "stale output", toolCallId: "gone" },
    ]);
    expect(contents.at(-1)).toEqual({ role: "user", parts: [{ text: `${ORPHAN_RESULT_NOTE}\nstale output` }] });
  });

  it("puts a tool result's images after its response", () => {
    const contents = toGeminiContents([
      { role: "user", content: "shot" },
      { role: "assistant", content: "", toolCalls: [{ id: "s", name: "screenshot", arguments: "{}" }] },
      { role: "tool", content: "", toolCallId: "s", images: [PNG] },
    ]);
    expect(contents.at(-1)).toEqual({
      role: "user",
      parts: [
        { functionResponse: { id: "s", name: "screenshot", response: { output: "" } } },
        { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      ],
    });
  });

  it("echoes a text-only reply's signature on its last part and sends no thought text", () => {
    const contents = toGeminiContents([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Hello!", thinking: { text: "Greet them.", signature: "sig-T" } },
      { role: "user", content: "again" },
      { role: "assistant", content: "Hi.", thinking: { text: "Unsigned.", signature: null } },
      { role: "user", content: "bye" },
    ]);
    expect(contents[1]).toEqual({ role: "model", parts: [{ text: "Hello!", thoughtSignature: "sig-T" }] });
    expect(contents[3]).toEqual({ role: "model", parts: [{ text: "Hi." }] });
  });

  it("echoes a signature that came without thought text (the port's thinking text may be empty)", () => {
    const contents = toGeminiContents([
      { role: "user", content: "hi" },
      { role: "assistant", content: "", toolCalls: [{ id: "c", name: "glob", arguments: "{}" }], thinking: { text: "", signature: "sig-E" } },
      { role: "tool", content: "x", toolCallId: "c" },
    ]);
    expect(contents[1]).toEqual({ role: "model", parts: [{ functionCall: { id: "c", name: "glob", args: {} }, thoughtSignature: "sig-E" }] });
  });

  it("skips empty messages, merges adjacent ones of a role and opens with a user turn", () => {
    const contents = toGeminiContents([
      { role: "assistant", content: "Earlier answer." },
      { role: "assistant", content: "  ", thinking: { text: "only thoughts", signature: "lost" } },
      { role: "user", content: "" },
      { role: "user", content: "Next?" },
      { role: "system", content: "Note." },
    ]);
    expect(contents).toEqual([
      { role: "user", parts: [{ text: OMITTED_HISTORY_NOTE }] },
      { role: "model", parts: [{ text: "Earlier answer." }] },
      { role: "user", parts: [{ text: "Next?" }, { text: "Note." }] },
    ]);
  });
});

describe("parseToolArgs", () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ["{}", {}],
    ["", {}],
    ["[1,2]", {}],
    ["null", {}],
    ['"text"', {}],
    ['{"cut": "of', {}],
  ])("turns %j into %j", (json, expected) => {
    expect(parseToolArgs(json)).toEqual(expected);
  });
});
