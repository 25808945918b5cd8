import type { Token, Tokens } from "marked";
import { highlightCode } from "./highlight.ts";
import { lineWidth, sanitize, span, type Span, type Style, type StyledLine } from "./styled.ts";

/**
 * Markdown for the terminal, parsed by marked's lexer one completed block at a time. A reply
 * streams in, so the text is cut into runs at blank lines, headings and code fences: a run
 * that is finished is rendered once and kept (`done`); only the open run is lexed again on
 * each delta. Code inside a fence is rendered line by line as it arrives, so a long code block
 * costs O(delta) too.
 *
 * marked loads lazily (loadMarkdown, after the dashboard's first frame); text rendered before
 * it is ready is shown plain.
 */
type Lex = (src: string) => Token[];
let lex: Lex | null = null;
let loading: Promise<void> | null = null;

export function loadMarkdown(): Promise<void> {
  loading ??= import("marked").then((m) => {
    lex = (src) => m.lexer(src, { gfm: true });
  });
  return loading;
}

/** A run this long is checked for blocks that are complete (see #settle). */
const SETTLE_AFTER_LINES = 16;

/** Source lines a token's raw text spans, its own line break included. */
function lineCount(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf("\n"); i !== -1; i = raw.indexOf("\n", i + 1)) n++;
  return n;
}

const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;

export class MarkdownStream {
  readonly done: StyledLine[] = [];
  #run: string[] = [];
  #fence: { readonly marker: string; readonly lang: string } | null = null;

  pushLine(raw: string): void {
    const line = sanitize(raw);
    if (this.#fence) {
      if (line.trim().startsWith(this.#fence.marker) && /^[`~]+$/.test(line.trim())) {
        this.done.push([span("  ╰─", "dim")]);
        this.#fence = null;
      } else this.done.push(codeLine(line, this.#fence.lang));
      return;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      this.#flush();
      this.done.push([span(`  ╭─ ${fence[2] || "code"}`, "dim")]);
      this.#fence = { marker: fence[1]!, lang: fence[2]!.toLowerCase() };
    } else if (line.trim() === "") {
      this.#flush();
      this.done.push([span("")]);
    } else if (HEADING.test(line)) {
      this.#flush();
      this.done.push(...renderBlocks(line));
    } else {
      this.#run.push(line);
      if (this.#run.length >= SETTLE_AFTER_LINES) this.#settle();
    }
  }

  /** What is still open: the current run, and the unfinished last line. */
  pending(tail: string): StyledLine[] {
    const line = sanitize(tail);
    if (this.#fence) return line === "" ? [] : [codeLine(line, this.#fence.lang)];
    const run = line === "" ? this.#run : [...this.#run, line];
    return run.length === 0 ? [] : renderBlocks(run.join("\n"));
  }

  /**
   * Keeps a long run (a paragraph or list with no blank line for many lines) from being lexed
   * again on every delta: what later lines can no longer change is rendered and kept. That is
   * every block but the last, the items of a trailing list but its last, and the lines of a
   * trailing paragraph but its last (a setext underline or a lazy line only touches the end).
   */
  #settle(): void {
    if (!lex) return;
    const tokens = lex(this.#run.join("\n"));
    const last = tokens.findLastIndex((t) => t.type !== "space");
    if (last < 0) return;
    let lines = tokens.slice(0, last).reduce((n, t) => n + lineCount(t.raw), 0);
    const tail = tokens[last]!;
    if (tail.type === "list") lines += (tail as Tokens.List).items.slice(0, -1).reduce((n, item) => n + lineCount(item.raw), 0);
    else if (tail.type === "paragraph") lines += Math.max(0, lineCount(tail.raw) - 1);
    if (lines <= 0) return;
    this.done.push(...renderBlocks(this.#run.slice(0, lines).join("\n")));
    this.#run = this.#run.slice(lines);
  }

  #flush(): void {
    if (this.#run.length === 0) return;
    this.done.push(...renderBlocks(this.#run.join("\n")));
    this.#run = [];
  }
}

/** Renders a whole text (history, finished replies). */
export function renderMarkdown(text: string): StyledLine[] {
  const stream = new MarkdownStream();
  for (const line of text.split("\n")) stream.pushLine(line);
  return [...stream.done, ...stream.pending("")];
}

function codeLine(line: string, lang: string): StyledLine {
  return [span("  │ ", "dim"), ...highlightCode(line, lang)];
}

function renderBlocks(source: string): StyledLine[] {
  if (!lex) return source.split("\n").map((l) => [span(l)]);
  const out: StyledLine[] = [];
  for (const token of lex(source)) block(token, "", out);
  return out;
}

/** One block-level token, each of its lines starting with `indent`. */
function block(token: Token, indent: string, out: StyledLine[]): void {
  const lead = (spans: StyledLine): StyledLine => (indent ? [span(indent), ...spans] : spans);
  switch (token.type) {
    case "space":
      return;
    case "heading":
      for (const l of inlineLines(token.tokens ?? [], "heading")) out.push(lead(l));
      return;
    case "hr":
      out.push(lead([span("─".repeat(40), "dim")]));
      return;
    case "code": {
      const code = token as Tokens.Code;
      out.push(lead([span(`  ╭─ ${code.lang || "code"}`, "dim")]));
      for (const l of code.text.split("\n")) out.push(lead(codeLine(l, (code.lang ?? "").toLowerCase())));
      out.push(lead([span("  ╰─", "dim")]));
      return;
    }
    case "blockquote": {
      const inner: StyledLine[] = [];
      for (const t of (token as Tokens.Blockquote).tokens) block(t, "", inner);
      for (const l of inner) out.push(lead([span("▎ ", "quote"), ...l.map((s) => (s.style ? s : span(s.text, "quote")))]));
      return;
    }
    case "list":
      list(token as Tokens.List, indent, out);
      return;
    case "table":
      for (const l of table(token as Tokens.Table)) out.push(lead(l));
      return;
    case "paragraph":
    case "text":
      for (const l of token.tokens ? inlineLines(token.tokens) : token.text.split("\n").map((t: string) => [span(t)])) out.push(lead(l));
      return;
    default:
      // html blocks, link definitions: their source, as written.
      for (const l of (token.raw ?? "").replace(/\n+$/, "").split("\n")) out.push(lead([span(l)]));
  }
}

function list(token: Tokens.List, indent: string, out: StyledLine[]): void {
  token.items.forEach((item, i) => {
    const number = /^\s*(\d+)([.)])/.exec(item.raw);
    const marker = token.ordered ? `${Number(token.start || 1) + i}${number?.[2] ?? "."} ` : "• ";
    const box = item.task ? (item.checked ? "☑ " : "☐ ") : "";
    const inner: StyledLine[] = [];
    for (const t of item.tokens) if (t.type !== "checkbox") block(t, "", inner);
    const hang = " ".repeat(marker.length + box.length);
    inner.forEach((l, n) => {
      // Nested lists are already indented by their own markers' hang.
      const first = n === 0;
      out.push([span(indent), ...(first ? [span(marker + box, "accent")] : [span(hang)]), ...l]);
    });
    if (inner.length === 0) out.push([span(indent), span(marker + box, "accent")]);
  });
}

/**
 * A table: cells padded to their column's width and joined by rules, the header rule as a
 * dashed line; right-aligned and centred columns as the rule says.
 */
function table(token: Tokens.Table): StyledLine[] {
  const rows = [token.header, ...token.rows].map((cells) => cells.map((cell) => inlineLines(cell.tokens).flat()));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 3, lineWidth(cell))));
  const layout = (cells: Span[][]): StyledLine => {
    // A short row is filled with empty cells by the parser; they are not drawn.
    let end = cells.length;
    while (end > 1 && lineWidth(cells[end - 1]!) === 0) end--;
    const row = cells.slice(0, end);
    const out: Span[] = [];
    row.forEach((cell, i) => {
      if (i > 0) out.push(span(" │ ", "dim"));
      const gap = (widths[i] ?? 0) - lineWidth(cell);
      const align = token.align[i];
      const before = align === "right" ? gap : align === "center" ? Math.floor(gap / 2) : 0;
      if (before > 0) out.push(span(" ".repeat(before)));
      out.push(...cell);
      // The last column needs no padding after it.
      if (gap - before > 0 && i < row.length - 1) out.push(span(" ".repeat(gap - before)));
    });
    return out;
  };
  const [header, ...body] = rows;
  return [layout(header!), [span(widths.map((w) => "─".repeat(w)).join("─┼─"), "dim")], ...body.map(layout)];
}

/** Inline tokens as lines (soft and hard line breaks end a line). */
function inlineLines(tokens: readonly Token[], base?: Style): Span[][] {
  const lines: Span[][] = [[]];
  const push = (text: string, style: Style | undefined) => {
    text.split("\n").forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== "") lines.at(-1)!.push(span(part, style));
    });
  };
  const walk = (list: readonly Token[], style: Style | undefined): void => {
    for (const t of list) {
      switch (t.type) {
        case "strong":
          walk(t.tokens ?? [], base === "heading" ? "heading" : "bold");
          break;
        case "em":
          walk(t.tokens ?? [], base ?? "italic");
          break;
        case "codespan":
          push(t.text, "code");
          break;
        case "del":
          walk(t.tokens ?? [], "dim");
          break;
        case "br":
          lines.push([]);
          break;
        case "link": {
          const link = t as Tokens.Link;
          walk(link.tokens, "link");
          if (link.text !== link.href) push(` (${link.href})`, "dim");
          break;
        }
        case "image":
          push(`[image: ${t.text}]`, "link");
          push(` (${t.href})`, "dim");
          break;
        default: {
          const generic = t as Tokens.Generic;
          if (generic.tokens && generic.tokens.length > 0) walk(generic.tokens, style);
          else push(generic.text ?? generic.raw ?? "", style);
        }
      }
    }
  };
  walk(tokens, base);
  return lines.map((l) => (l.length === 0 ? [span("", base)] : l));
}
