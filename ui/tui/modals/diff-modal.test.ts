import { describe, expect, it } from "vitest";
import { diffLines } from "./diff-modal.ts";

const text = (lines: readonly (readonly { text: string }[])[]) => lines.map((l) => l.map((s) => s.text).join(""));
const version = (v: string) => Array.from({ length: 20_000 }, (_, i) => `line ${i} of ${v}\n`).join("");

describe("the files pane's diff", () => {
  it("is a unified diff of the change", async () => {
    expect(text(await diffLines("a.txt", { path: "/p/a.txt", before: "one\ntwo\n", after: "one\n2\n", exact: true }))).toEqual(["--- a/a.txt", "+++ b/a.txt", "@@ -1,2 +1,2 @@", " one", "-two", "+2", ""]);
  });

  it("shows a rewrite too large to diff line by line as the whole file replaced, and says so", async () => {
    const lines = text(await diffLines("big.txt", { path: "/p/big.txt", before: version("a"), after: version("b"), exact: true }));
    expect(lines[0]).toBe("Too many lines changed to show them one by one: the whole file, 20000 lines, is replaced by 20000.");
    expect(lines.slice(2, 4)).toEqual(["-line 0 of a", "-line 1 of a"]);
    expect(lines).toHaveLength(2 + 40_000);
    expect(lines.at(-1)).toBe("+line 19999 of b");
  });
});
