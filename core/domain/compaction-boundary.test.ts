import { describe, expect, it } from "vitest";
import { planCompaction, type CompactableRow } from "./compaction-boundary.ts";
import { compareRows, summarySortKeys } from "./message-order.ts";

const rows = (roles: string): CompactableRow[] =>
  [...roles].map((r, i) => {
    const id = `id${String(i).padStart(3, "0")}`;
    return { id, sortKey: id, role: ({ u: "user", a: "assistant", t: "tool", s: "system" } as const)[r as "u" | "a" | "t" | "s"] };
  });

describe("planCompaction", () => {
  it("archives all but the last preserveCount rows, the pair keyed after the last archived one", () => {
    expect(planCompaction(rows("uauaua"), 2)).toEqual({
      archived: 4, anchor: { sortKey: "id003", id: "id003" }, sortKeys: { summary: "id003~1", continuation: "id003~2" },
    });
  });

  it("keeps a tool result's calling reply (and the results before it) with the tail", () => {
    // u a(c1,c2) t t a u: keeping 3 would start the tail at the second result.
    expect(planCompaction(rows("uattau"), 3)?.archived).toBe(1);
    // Every row back to the start would be a result's call: nothing to archive.
    expect(planCompaction(rows("attau"), 3)).toBeNull();
  });

  it("archives nothing when preserveCount covers every row", () => {
    expect(planCompaction(rows("uaua"), 4)).toBeNull();
    expect(planCompaction(rows("uaua"), 9)).toBeNull();
    expect(planCompaction([], 0)).toBeNull();
  });

  it("refuses a negative or fractional preserveCount", () => {
    expect(() => planCompaction(rows("uaua"), -1)).toThrow(RangeError);
    expect(() => planCompaction(rows("uaua"), 1.5)).toThrow(RangeError);
  });
});

describe("message order", () => {
  it("sorts the summary pair between the archived rows and the tail, also after an earlier summary", () => {
    const [a, b, c] = rows("uau");
    const first = summarySortKeys(b!);
    const summary = { sortKey: first.summary, id: "zz-newer-1" };
    const continuation = { sortKey: first.continuation, id: "zz-newer-2" };
    const second = summarySortKeys(summary);
    const again = { sortKey: second.summary, id: "zz-newest" };
    const order = [c!, again, continuation, a!, summary, b!].sort(compareRows);
    expect(order.map((r) => r.id)).toEqual([a!.id, b!.id, "zz-newer-1", "zz-newest", "zz-newer-2", c!.id]);
  });

  it("breaks ties on the id", () => {
    expect(compareRows({ sortKey: "k", id: "a" }, { sortKey: "k", id: "b" })).toBeLessThan(0);
    expect(compareRows({ sortKey: "k", id: "a" }, { sortKey: "k", id: "a" })).toBe(0);
  });
});
