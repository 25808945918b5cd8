import { beforeAll, describe, expect, it } from "vitest";
import { highlightCode } from "./highlight.ts";
import { loadHighlighter } from "./highlight.ts";
import { loadMarkdown, MarkdownStream, renderMarkdown } from "./markdown.ts";
import { fit, graphemeWidth, span, textOf, textWidth, truncateLine, wrapLine } from "./styled.ts";
import { loadTextWidths } from "./text-width.ts";

const texts = (lines: readonly (readonly { text: string }[])[]) => lines.map((l) => l.map((s) => s.text).join(""));

beforeAll(async () => {
  await Promise.all([loadMarkdown(), loadHighlighter(), loadTextWidths()]);
});

describe("styled text", () => {
  it("wraps at spaces, breaks long words, keeps styles", () => {
    expect(texts(wrapLine([span("hello "), span("wide", "bold"), span(" world")], 8))).toEqual(["hello ", "wide ", "world"]);
    expect(texts(wrapLine([span("abcdefghij")], 4))).toEqual(["abcd", "efgh", "ij"]);
    expect(wrapLine([span("ab "), span("cd", "bold")], 3)[1]).toEqual([{ text: "cd", style: "bold" }]);
    expect(wrapLine([], 10)).toEqual([[]]);
  });

  it("counts wide characters as two columns", () => {
    expect(graphemeWidth("中")).toBe(2);
    expect(textWidth("a中b")).toBe(4);
    expect(texts(wrapLine([span("中中中")], 4))).toEqual(["中中", "中"]);
  });

  it("measures emoji, joined emoji and combining marks as a terminal draws them", () => {
    expect(textWidth("🚀")).toBe(2);
    expect(textWidth("👨‍👩‍👧")).toBe(2);
    expect(textWidth("e\u0301")).toBe(1);
    expect(textWidth("a\u200bb")).toBe(2);
    // A joined emoji is never split across rows or cut in half.
    expect(texts(wrapLine([span("ab👨‍👩‍👧cd")], 3))).toEqual(["ab", "👨‍👩‍👧c", "d"]);
    expect(textOf(truncateLine([span("🚀🚀🚀")], 4))).toBe("🚀…");
  });

  it("lines up a table of emoji and CJK cells", () => {
    const lines = renderMarkdown("| name | ok |\n|---|---|\n| 🚀 rocket | 是 |\n| 中文字 | ✅ |");
    // The column rule sits at the same column on every row (the rule line's ┼ included).
    const columns = texts(lines).map((l) => textWidth(l.split(/[│┼]/)[0]!));
    expect(new Set(columns).size).toBe(1);
    expect(texts(lines)[2]).toBe("🚀 rocket │ 是");
  });

  it("truncates with an ellipsis and pads to a width", () => {
    expect(textOf(truncateLine([span("abcdef")], 4))).toBe("abc…");
    expect(fit("ab", 4)).toBe("ab  ");
  });
});

describe("markdown", () => {
  it("renders headings, emphasis, code, links, lists and quotes", () => {
    const lines = renderMarkdown("# Title\nsome **bold** and `code` and *it*\n- item\n1. first\n> quoted\n\n[docs](https://x.y)");
    expect(texts(lines)).toEqual(["Title", "some bold and code and it", "• item", "1. first", "▎ quoted", "", "docs (https://x.y)"]);
    expect(lines[0]![0]!.style).toBe("heading");
    expect(lines[1]!.find((s) => s.text === "bold")!.style).toBe("bold");
    expect(lines[1]!.find((s) => s.text === "code")!.style).toBe("code");
  });

  it("lines up a table's columns (centred and right-aligned as the rule says), the rule as a dashed line", () => {
    const lines = renderMarkdown("| Tool | Effect | Calls |\n|---|:---:|--:|\n| `Read` | read-only | 12 |\n|x|\nafter");
    // GFM: a line right after a table is one more row (here with one cell), not a paragraph.
    expect(texts(lines)).toEqual(["Tool  │  Effect   │ Calls", "──────┼───────────┼──────", "Read  │ read-only │    12", "x", "after"]);
    expect(lines[2]!.find((s) => s.text === "Read")!.style).toBe("code");
  });

  it("lines table columns up by display width: wide characters take two cells", () => {
    expect(texts(renderMarkdown("| 名前 | ok |\n|---|---|\n| abcd | ✅ |"))).toEqual(["名前 │ ok", "─────┼────", "abcd │ ✅"]);
  });

  it("tracks code fences across lines and highlights inside them with highlight.js's grammars", () => {
    const stream = new MarkdownStream();
    for (const l of ["```ts", "const a = 'x'; // note", "```", "**after**"]) stream.pushLine(l);
    expect(texts([...stream.done, ...stream.pending("")])).toEqual(["  ╭─ ts", "  │ const a = 'x'; // note", "  ╰─", "after"]);
    const spans = highlightCode("const a = 'x'; // note", "ts");
    expect(spans.find((s) => s.text === "const")!.style).toBe("keyword");
    expect(spans.find((s) => s.text === "'x'")!.style).toBe("string");
    expect(spans.find((s) => s.text === "// note")!.style).toBe("comment");
    // Languages the old keyword list knew nothing of.
    expect(highlightCode("SELECT name FROM users;", "sql").find((s) => s.text === "SELECT")!.style).toBe("keyword");
    expect(highlightCode("fn main() -> i32 { 42 }", "rust").find((s) => s.text === "42")!.style).toBe("number");
  });

  it("renders nested lists, task items, ordered lists from their start, and escapes", () => {
    const lines = renderMarkdown("- top\n  - nested **b**\n    - deeper\n- [x] done\n- [ ] todo\n\n3) three\n4) four\n\n\\*not italic\\* and 1\\. not a list");
    expect(texts(lines)).toEqual(["• top", "  • nested b", "    • deeper", "• ☑ done", "• ☐ todo", "", "3) three", "4) four", "", "*not italic* and 1. not a list"]);
    expect(lines[1]!.find((s) => s.text === "b")!.style).toBe("bold");
    expect(lines[9]!.every((s) => s.style === undefined)).toBe(true);
  });

  it("keeps what later lines cannot change of a long run, so a long paragraph or list is not lexed again per delta", () => {
    const source = [
      ...Array.from({ length: 60 }, (_, i) => `line ${i} with **bold**`),
      "- a",
      ...Array.from({ length: 40 }, (_, i) => `- item ${i}\n  - sub ${i}`),
      "3. three",
      ...Array.from({ length: 30 }, (_, i) => `${i + 4}. n${i}`),
      "tail",
    ].join("\n");
    const stream = new MarkdownStream();
    const lines = source.split("\n");
    lines.forEach((line, i) => {
      stream.pushLine(line);
      // Never more than the settle threshold and one block's worth stays open.
      if (i > 20) expect(stream.pending("").length).toBeLessThan(20);
    });
    expect(stream.done.length).toBeGreaterThan(lines.length - 20);
    // Settling changes nothing in what is drawn: every line as it would be in one piece.
    expect(texts([...stream.done, ...stream.pending("")])).toEqual([
      ...Array.from({ length: 60 }, (_, i) => `line ${i} with bold`),
      "• a",
      ...Array.from({ length: 40 }, (_, i) => [`• item ${i}`, `  • sub ${i}`]).flat(),
      "3. three",
      ...Array.from({ length: 30 }, (_, i) => `${i + 4}. n${i}`),
      // A line right after a list item continues it (a lazy line).
      "    tail",
    ]);
    expect(stream.done[10]!.find((s) => s.text === "bold")!.style).toBe("bold");
  });

  it("renders a streaming run again until it is complete, and keeps completed runs", () => {
    const stream = new MarkdownStream();
    stream.pushLine("| a | b |");
    stream.pushLine("|---|--:|");
    expect(texts(stream.pending("| 1 | 22"))).toEqual(["a   │   b", "────┼────", "1   │  22"]);
    expect(stream.done).toEqual([]);
    stream.pushLine("| 1 | 22 |");
    stream.pushLine("");
    expect(texts(stream.done)).toEqual(["a   │   b", "────┼────", "1   │  22", ""]);
    expect(stream.pending("")).toEqual([]);
  });

  it("colours diffs in diff fences", () => {
    expect(highlightCode("+added", "diff")[0]!.style).toBe("add");
    expect(highlightCode("-gone", "diff")[0]!.style).toBe("del");
  });
});
