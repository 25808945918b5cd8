import { describe, expect, it } from "vitest";
import { closestMatchHint, lineOfCollapsed } from "./closest-match.ts";

const FILE = ["import x from 'x';", "", "export function greet(name) {", "\tconst text = `hi ${name}`;", "\treturn text;", "}", ""].join("\n");

describe("closestMatchHint", () => {
  it("shows the region that differs only in indentation and says the file uses tabs", () => {
    const hint = closestMatchHint(FILE, "    const text = `hi ${name}`;\n    return text;");
    expect(hint).toBe(
      "Lines 4-5 match old_str except for whitespace (the file indents with tabs where old_str uses spaces). The file has:\n4\t\tconst text = `hi ${name}`;\n5\t\treturn text;\nCopy that text exactly.",
    );
  });

  it("finds whitespace differences inside a line", () => {
    expect(closestMatchHint(FILE, "export  function greet(name)  {")).toMatch(/^Line 3 matches old_str except for whitespace \(only whitespace or indentation differs\)/);
  });

  it("names the most similar lines with a similarity figure", () => {
    const hint = closestMatchHint(FILE, "export function greet(person) {\n\tconst text = `hello ${person}`;");
    expect(hint).toMatch(/^The most similar text is at lines 3-4 \(\d+% similar\):\n3\texport function greet\(name\) \{\n4\t\tconst text = `hi \$\{name\}`;\n/);
  });

  it("finds a one-line fragment inside a longer line", () => {
    const hint = closestMatchHint("alpha();\nconst total = items.reduce((sum, item) => sum + item.price, 0);\nomega();\n", "items.reduce((s, item) => s + item.price, 0)");
    expect(hint).toMatch(/^The most similar text is at line 2 /);
  });

  it("cuts a long region at 10 lines", () => {
    const text = Array.from({ length: 30 }, (_, i) => `value_${i} = compute(${i})`).join("\n");
    const wanted = Array.from({ length: 15 }, (_, i) => `value_${i + 5} = compute(${i + 5}, extra)`).join("\n");
    const hint = closestMatchHint(text, wanted);
    expect(hint).toMatch(/^The most similar text is at lines 6-20 /);
    expect(hint).toContain("15\tvalue_14 = compute(14)\n… 5 more lines\n");
  });

  it("says when nothing is similar", () => {
    expect(closestMatchHint(FILE, "SELECT * FROM accounts WHERE id = 7")).toBe("Nothing similar was found: Read the file to see its current content.");
  });
});

describe("lineOfCollapsed", () => {
  it("maps a character of the whitespace-collapsed text to its line", () => {
    // "a\n\n  b c\n" collapses to "a b c ".
    expect([0, 1, 2, 3, 4, 5].map((i) => lineOfCollapsed("a\n\n  b c\n", i))).toEqual([1, 1, 3, 3, 3, 3]);
  });
});

describe("closestMatchHint on a large file", () => {
  it("still finds a region that differs in one line, around its most distinctive lines", () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `  const value${i} = compute(alpha${i % 97}, beta${i % 13});`);
    const wanted = lines.slice(30_000, 30_010);
    wanted[4] = "  const changed = somethingElse();";
    const hint = closestMatchHint(lines.join("\n"), wanted.join("\n"));
    expect(hint).toMatch(/^The most similar text is at lines 30001-30010 /);
  });
});
