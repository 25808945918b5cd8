import { describe, expect, it } from "vitest";
import { dataDirMatches, isGlob, mayClimb } from "./glob-reach.ts";

const DATA = "/home/me/.local/share/ursa";

describe("dataDirMatches", () => {
  it("names the data directory when an absolute pattern could match it or anything inside it", () => {
    expect(dataDirMatches("/home/me/.local/share/urs?/keys.json", DATA)).toEqual([DATA]);
    expect(dataDirMatches("/home/*/.local/share/ursa", DATA)).toEqual([DATA]);
    expect(dataDirMatches("/home/me/**", DATA)).toEqual([DATA]);
    expect(dataDirMatches("/home/me/.local/share/[!x]rsa/k", DATA)).toEqual([DATA]);
    expect(dataDirMatches("/home/me/.local/share/@(ursa|x)/k", DATA)).toEqual([DATA]);
  });

  it("names nothing for a pattern that cannot reach it, an ancestor or a literal path", () => {
    expect(dataDirMatches("/home/me/.local/share/x*", DATA)).toEqual([]);
    expect(dataDirMatches("/home/me/.local/sha?e", DATA)).toEqual([]);
    expect(dataDirMatches("/home/me/.local/share/ursa/keys.json", DATA)).toEqual([]);
    expect(dataDirMatches("src/*.ts", DATA)).toEqual([]);
  });

  it("for a ~ pattern, names each ~/<tail of the data directory> it could match, for the caller to expand", () => {
    expect(dataDirMatches("~/.local/share/urs?/keys.json", DATA)).toEqual(["~/.local/share/ursa"]);
    expect(dataDirMatches("~/*", DATA)).toEqual(["~/ursa"]);
    expect(dataDirMatches("~/*/*", DATA)).toEqual(["~/share/ursa", "~/ursa"]);
  });
});

it("tells patterns from plain words", () => {
  expect(["a*", "a?", "[ab]", "{a,b}", "@(a|b)", "!(a)"].every(isGlob)).toBe(true);
  expect(["a.txt", "{a}", "~/x", "a,b"].some(isGlob)).toBe(false);
});

it("sees a segment that could match ..", () => {
  expect([".[.]/x", "a/.?/x", ".*/x", ".[!a]"].every(mayClimb)).toBe(true);
  expect(["*/x", "./x", "../x", ".a*/x", "?/x"].some(mayClimb)).toBe(false);
});
