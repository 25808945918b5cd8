import { describe, expect, it } from "vitest";
import { call, reply, result, stored, user } from "../../test/support/stored-rows.ts";
import { detectInterruption, hasPendingToolCalls, promptPreview } from "./interruption-detection.ts";

describe("detectInterruption", () => {
  it("is null for an empty or answered history, system rows skipped", () => {
    expect(detectInterruption([])).toBeNull();
    expect(detectInterruption([user("hi"), reply("hello"), stored({ role: "system", content: "note" })])).toBeNull();
  });

  it("reports an unanswered prompt, also when its reply was cut off", () => {
    expect(detectInterruption([user("  fix\n the   parser "), stored({ role: "system", content: "n" })])).toEqual({ kind: "prompt", preview: "fix the parser" });
    expect(detectInterruption([user("short"), reply("I will sta", { completedAt: null })])).toEqual({ kind: "prompt", preview: "short" });
  });

  it("names the calls of the last reply that have no result row", () => {
    const calls = [call("c1", "Read", '{"file_path":"a.txt"}'), call("c2", "Bash", '{"command":"make  all\\n"}'), call("c3", "X", "not json")];
    expect(detectInterruption([user("build"), reply(null, { toolCalls: calls }), result("c1")])).toEqual({
      kind: "tool_call", calls: [{ name: "Bash", detail: "make all" }, { name: "X", detail: "" }],
    });
  });

  it("is null once a later turn completed, even with a call left without a result before it", () => {
    expect(detectInterruption([user("rm"), reply(null, { toolCalls: [call("c1", "Bash", '{"command":"rm -rf out"}')] }), user("next"), reply("done")])).toBeNull();
  });

  it("reports an unprocessed tool result", () => {
    expect(detectInterruption([user("read"), reply(null, { toolCalls: [call("c1")] }), result("c1")])).toEqual({ kind: "tool" });
  });

  it("ignores archived rows", () => {
    expect(detectInterruption([user("q", { compactedAt: 1 }), reply("summary stand-in")])).toBeNull();
  });
});

describe("hasPendingToolCalls", () => {
  it("looks at the last complete reply only", () => {
    const asked = reply("two", { toolCalls: [call("c1"), call("c2")] });
    expect(hasPendingToolCalls([])).toBe(false);
    expect(hasPendingToolCalls([user("q"), asked])).toBe(true);
    expect(hasPendingToolCalls([user("q"), asked, result("c1")])).toBe(true);
    expect(hasPendingToolCalls([user("q"), asked, result("c1"), result("c2")])).toBe(false);
    // An unfinished reply's calls never ran; a later answer without calls settles it.
    expect(hasPendingToolCalls([user("q"), reply(null, { toolCalls: [call("c3")], completedAt: null })])).toBe(false);
    expect(hasPendingToolCalls([user("q"), asked, reply("done")])).toBe(false);
  });

  it("does not count an archived result", () => {
    expect(hasPendingToolCalls([reply(null, { toolCalls: [call("c1")] }), result("c1", { compactedAt: 3 })])).toBe(true);
  });
});

describe("promptPreview", () => {
  it("keeps 80 code points on one line, never halving an emoji", () => {
    expect(promptPreview(`${"x".repeat(79)}🐻🐻`)).toBe(`${"x".repeat(79)}🐻`);
  });
});
