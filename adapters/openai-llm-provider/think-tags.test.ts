import { describe, expect, it } from "vitest";
import type { StreamChunk } from "../../core/ports/llm-provider.ts";
import { ThinkTagSplitter } from "./think-tags.ts";

function run(pieces: string[]): { thinking: string; text: string } {
  const s = new ThinkTagSplitter();
  const chunks: StreamChunk[] = [...pieces.flatMap((p) => s.feed(p)), ...s.flush()];
  const join = (type: string) => chunks.filter((c) => c.type === type).map((c) => ("text" in c ? c.text : "")).join("");
  return { thinking: join("thinking_delta"), text: join("text_delta") };
}

describe("ThinkTagSplitter", () => {
  it("moves a leading <think> block to thinking, with tags cut across chunks", () => {
    expect(run(["<thi", "nk>Let me ", "think.</th", "ink>\n\nThe answer", " is 4."])).toEqual({ thinking: "Let me think.", text: "The answer is 4." });
  });

  it("leaves replies without a leading tag alone, also when they mention one", () => {
    expect(run(["Use a ", "<think> tag", " here."])).toEqual({ thinking: "", text: "Use a <think> tag here." });
    expect(run(["<", "b>bold</b>"])).toEqual({ thinking: "", text: "<b>bold</b>" });
  });

  it("keeps an unclosed thought as thinking, and a very short reply as text", () => {
    expect(run(["<think>still going"])).toEqual({ thinking: "still going", text: "" });
    expect(run(["<th"])).toEqual({ thinking: "", text: "<th" });
  });
});
