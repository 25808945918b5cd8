import { describe, expect, it } from "vitest";
import { reply, tokens, user } from "../../test/support/stored-rows.ts";
import { countsTowardUsageOf, totalUsage, usageByAgent, usageOfRows } from "./usage-roll-up.ts";

describe("usage roll-up", () => {
  const rows = [
    user("q"),
    reply("a", { usage: tokens(100, 10), costUsd: 0.5 }),
    reply("b", { usage: tokens(200, 20), agentName: "explorer", costUsd: 0.25 }),
    reply("c"),
    reply("d", { usage: tokens(300, 30), agentName: "explorer" }),
    reply("e", { usage: tokens(1, 1), agentName: "main", costUsd: 0.125 }),
  ];

  it("sums every agent's rows: tokens, calls with usage, priced cost and unpriced calls", () => {
    expect(totalUsage(usageOfRows(rows))).toEqual({
      promptTokens: 601, completionTokens: 61, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 4, costUsd: 0.875, unpricedCalls: 1,
    });
  });

  it("groups by agent: the main agent as \"main\" (with rows so named), by name, only agents that reported usage", () => {
    const byAgent = usageByAgent([...usageOfRows(rows), { agentName: "silent", reported: 0, usage: totalUsage([]) }]);
    expect(byAgent.map((a) => [a.agentName, a.usage.promptTokens, a.usage.apiCalls, a.usage.costUsd])).toEqual([
      ["explorer", 500, 2, 0.25], ["main", 101, 2, 0.625],
    ]);
  });

  it("counts the session and its sub-agents' sessions, not its parent's", () => {
    expect(countsTowardUsageOf("p", { id: "p", parentId: null })).toBe(true);
    expect(countsTowardUsageOf("p", { id: "c", parentId: "p" })).toBe(true);
    expect(countsTowardUsageOf("c", { id: "p", parentId: null })).toBe(false);
  });
});
