import { describe, expect, it } from "vitest";
import { JsdiffLineChanges } from "./jsdiff-line-changes.ts";

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i)}\n`).join("");
const count = (before: string, after: string) => new JsdiffLineChanges().count(before, after);

describe("JsdiffLineChanges", () => {
  it("counts a small edit exactly, whatever surrounds it", async () => {
    expect(await count("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual({ added: 2, removed: 1 });
    expect(await count("", "x\ny\n")).toEqual({ added: 2, removed: 0 });
    expect(await count("x\ny\n", "")).toEqual({ added: 0, removed: 2 });
    expect(await count("x\ny", "x\ny\n")).toEqual({ added: 0, removed: 0 });
    expect(await count(lines(5_000, (i) => `l${i}`), lines(5_000, (i) => (i % 1_000 === 0 ? `changed ${i}` : `l${i}`)))).toEqual({ added: 5, removed: 5 });
    // 100 edits spread over the file: under the cap, and far under the time limit even on a loaded machine: exact.
    expect(await count(lines(2_000, (i) => `l${i}`), lines(2_000, (i) => (i % 40 === 0 ? `c${i}` : `l${i}`)))).toEqual({ added: 50, removed: 50 });
  });

  it("counts texts too different to diff cheaply as the whole file replaced", async () => {
    // 40,000 edits (its time is a benchmark row, "line changes of a 20,000-line rewrite").
    expect(await count(lines(20_000, () => "old line"), lines(20_000, () => "new line"))).toEqual({ added: 20_000, removed: 20_000 });
    // Half the lines survive, in reverse order: about 12,000 edits, past the cap.
    const before = lines(6_000, (i) => `l${i}`);
    const after = lines(3_000, (i) => `l${5_999 - 2 * i}`) + lines(3_000, (i) => `new ${i}`);
    expect(await count(before, after)).toEqual({ added: 6_000, removed: 6_000 });
    // Every line kept, order reversed: no count tells, the diff runs to its cap.
    expect(await count(before, lines(6_000, (i) => `l${5_999 - i}`))).toEqual({ added: 6_000, removed: 6_000 });
  });
});
