import { describe, expect, it } from "vitest";
import { expandBraces } from "./braces.ts";
import type { Word } from "./shell-ast.ts";

const plain = (text: string): Word => ({ text, raw: text, dynamic: false, subs: [], parts: [{ kind: "text", text }] });
const texts = (word: Word) => expandBraces(word).map((w) => w.text);

describe("expandBraces", () => {
  it.each([
    ["{rm,-rf,x}", ["rm", "-rf", "x"]],
    ["a{b,c{d,e}}f", ["abf", "acdf", "acef"]],
    ["file{1..3}", ["file1", "file2", "file3"]],
    ["{3..1}", ["3", "2", "1"]],
    ["{1..7..3}", ["1", "4", "7"]],
    ["{a..c}", ["a", "b", "c"]],
    ["{x}", ["{x}"]],
    ["plain", ["plain"]],
  ] as const)("%s is %j", (text, expected) => {
    expect(texts(plain(text))).toEqual(expected);
  });

  it("marks a word it does not spell out dynamic: too many words, or braces mixed with quotes", () => {
    expect(expandBraces(plain("x{1..100000}"))).toEqual([{ ...plain("x{1..100000}"), dynamic: true, parts: [{ kind: "unknown" }] }]);
    expect(expandBraces({ ...plain("{a,b}c"), raw: "{a,b}'c'" })[0]!.dynamic).toBe(true);
  });
});
