import { describe, expect, it } from "vitest";
import { countLineChanges, splitLines } from "./line-diff.ts";

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i)}\n`).join("");

describe("countLineChanges", () => {
  it("counts a small edit exactly, whatever surrounds it", () => {
    expect(countLineChanges("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual({ added: 2, removed: 1 });
    expect(countLineChanges("", "x\ny\n")).toEqual({ added: 2, removed: 0 });
    expect(countLineChanges("x\ny\n", "")).toEqual({ added: 0, removed: 2 });
    expect(countLineChanges(lines(5_000, (i) => `l${i}`), lines(5_000, (i) => (i % 1_000 === 0 ? `changed ${i}` : `l${i}`)))).toEqual({ added: 5, removed: 5 });
  });

  it("counts a rewrite of a large file (past the exact limit) from the lines the texts share", () => {
    // 40,000 edits: an exact diff took 14 s; the estimate is exact for a rewrite.
    expect(countLineChanges(lines(20_000, () => "old line"), lines(20_000, () => "new line"))).toEqual({ added: 20_000, removed: 20_000 });
    // Half the lines survive, in another order: never more than the true figures.
    const before = lines(6_000, (i) => `l${i}`);
    const after = lines(3_000, (i) => `l${5_999 - 2 * i}`) + lines(3_000, (i) => `new ${i}`);
    expect(countLineChanges(before, after)).toEqual({ added: 3_000, removed: 3_000 });
  });
});

describe("splitLines", () => {
  it("drops the empty piece after a final newline", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});
