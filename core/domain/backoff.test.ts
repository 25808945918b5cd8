import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  it("draws each wait from [0, min(max, base·2^attempt)]", () => {
    const policy = { baseMs: 2_000, maxMs: 32_000 };
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffDelay(policy, a, () => 1))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 32_000, 32_000]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.25)).toBe(4_000);
  });

  it("spreads clients that failed together: twenty sessions retrying the same rate limit pick different moments", () => {
    const policy = { baseMs: 2_000, maxMs: 32_000 };
    const delays = Array.from({ length: 20 }, () => backoffDelay(policy, 2));
    expect(delays.every((d) => d >= 0 && d <= 8_000)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(15);
    // The spread covers the range, not one corner of it.
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(2_000);
  });
});
