import { describe, expect, it } from "vitest";
import { splitLines } from "./text-lines.ts";

describe("splitLines", () => {
  it("drops the empty piece after a final newline", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\nb")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});
