import { describe, expect, it } from "vitest";
import { ResultCollector } from "./json-result.ts";

describe("ResultCollector.result", () => {
  it("rounds the session's costs as it rounds total_cost_usd (no float noise such as 0.00010499999999999999)", () => {
    const noisy = 0.00003 + 0.000075; // 0.00010499999999999999 in binary floating point
    const result = new ResultCollector().result({
      sessionId: "s", provider: "p", model: "m", mode: "safe", reason: { kind: "complete" }, durationMs: 1,
      sessionCost: { total: noisy, by_agent: { main: noisy, "sub-1": noisy }, unpriced_calls: 0 },
    });
    expect(result.total_cost_usd).toBe(0.000105);
    expect(result.session_cost_usd).toEqual({ total: 0.000105, by_agent: { main: 0.000105, "sub-1": 0.000105 }, unpriced_calls: 0 });
  });
});
