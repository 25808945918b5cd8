import { describe, expect, it } from "vitest";
import { call, reply, result, stored, user } from "../../test/support/stored-rows.ts";
import { pruneContext, reachesModel } from "./context-pruning.ts";

describe("reachesModel", () => {
  it("takes active rows and complete replies only", () => {
    expect(reachesModel(user("q"))).toBe(true);
    expect(reachesModel(user("q", { compactedAt: 5 }))).toBe(false);
    expect(reachesModel(reply("partial", { completedAt: null }))).toBe(false);
    // Only replies are ever unfinished: a user row without completedAt still counts.
    expect(reachesModel(user("q", { completedAt: null }))).toBe(true);
  });
});

describe("pruneContext", () => {
  it("drops results without a call and keeps calls without results", () => {
    const asked = reply("two reads", { toolCalls: [call("c1"), call("c2")] });
    const rows = [user("go"), asked, result("c1"), result("stray"), reply(null, { toolCalls: [call("c3")] })];
    expect(pruneContext(rows).map((m) => m.content)).toEqual(["go", "two reads", "result of c1", null]);
  });

  it("drops blank user and assistant rows without calls, keeps system rows and blank results", () => {
    const rows = [
      stored({ role: "system", content: "note" }), user(" \n"), reply(null), reply("", { thinkingContent: "only thinking" }),
      reply("  ", { toolCalls: [call("c1")] }), result("c1", { content: "" }), reply("answer"),
    ];
    expect(pruneContext(rows).map((m) => [m.role, m.content])).toEqual([
      ["system", "note"], ["assistant", "  "], ["tool", ""], ["assistant", "answer"],
    ]);
  });
});
