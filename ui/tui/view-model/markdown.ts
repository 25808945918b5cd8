import { highlightCode } from "./highlight.ts";
import { lineWidth, sanitize, span, type Span, type StyledLine } from "./styled.ts";

/**
 * Markdown for the terminal, one line at a time: a reply streams in, so each completed line is
 * rendered once and kept; only the unfinished last line (and an unfinished table, see
 * MarkdownStream) is rendered again on every delta. The state carried between lines is whether
 * we are inside a code fence.
 */
export interface MarkdownState {
  readonly fence: { readonly marker: string; readonly lang: string } | null;
}

export const MARKDOWN_START: MarkdownState = { fence: null };

export function renderMarkdownLine(raw: string, state: MarkdownState): { line: StyledLine; state: MarkdownState } {
  const line = sanitize(raw);
  const fence = /^\s*(```+|~~~+)\s*([\w+#.-]*)/.exec(line);
  if (state.fence) {
    if (fence && fence[1]!.startsWith(state.fence.marker) && line.trim() === fence[1]) return { line: [span("  ╰─", "dim")], state: MARKDOWN_START };
    return { line: [span("  │ ", "dim"), ...highlightCode(line, state.fence.lang)], state };
  }
  if (fence) return { line: [span(`  ╭─ ${fence[2] || "code"}`, "dim")], state: { fence: { marker: fence[1]!, lang: fence[2]!.toLowerCase() } } };
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  if (heading) return { line: inline(heading[2]!, "heading"), state };
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return { line: [span("─".repeat(40), "dim")], state };
  const quote = /^\s*>\s?(.*)$/.exec(line);
  if (quote) return { line: [span("▎ ", "quote"), ...inline(quote[1]!, "quote")], state };
  const bullet = /^(\s*)[-*+]\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
  if (bullet) {
    const box = bullet[2] ? (bullet[2].trim() === "[ ]" ? "☐ " : "☑ ") : "";
    return { line: [span(`${bullet[1]}• ${box}`, "accent"), ...inline(bullet[3]!)], state };
  }
  if (tableCells(line)) return { line: renderTable([line])[0]!, state };
  const numbered = /^(\s*)(\d+[.)])\s+(.*)$/.exec(line);
  if (numbered) return { line: [span(`${numbered[1]}${numbered[2]} `, "accent"), ...inline(numbered[3]!)], state };
  return { line: inline(line), state };
}

/** The cells of a table row (`| a | b |`), or null for any other line. */
function tableCells(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("|") || trimmed.length < 3) return null;
  return trimmed.replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
}

const isRule = (cells: readonly string[]) => cells.every((cell) => /^:?-{2,}:?$/.test(cell));

/**
 * A table: cells padded to their column's width and joined by rules, the `|---|:--:|` line as
 * a dashed line; `--:` and `:-:` columns are right-aligned and centred.
 */
export function renderTable(lines: readonly string[]): StyledLine[] {
  const rows = lines.map((line) => tableCells(sanitize(line)) ?? []);
  const rule = rows.find(isRule);
  const rendered = rows.map((cells) => (isRule(cells) ? null : cells.map((cell) => inline(cell))));
  const widths: number[] = [];
  for (const row of rendered) row?.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 3, lineWidth(cell))));
  const align = widths.map((_, i) => {
    const marker = rule?.[i] ?? "";
    return marker.endsWith(":") ? (marker.startsWith(":") ? "center" : "right") : "left";
  });
  return rendered.map((row) => {
    if (!row) return [span(widths.map((w) => "─".repeat(w)).join("─┼─"), "dim")];
    const out: Span[] = [];
    row.forEach((cell, i) => {
      if (i > 0) out.push(span(" │ ", "dim"));
      const gap = (widths[i] ?? 0) - lineWidth(cell);
      const before = align[i] === "right" ? gap : align[i] === "center" ? Math.floor(gap / 2) : 0;
      if (before > 0) out.push(span(" ".repeat(before)));
      out.push(...cell);
      // The last column needs no padding after it.
      if (gap - before > 0 && i < row.length - 1) out.push(span(" ".repeat(gap - before)));
    });
    return out;
  });
}

/**
 * Markdown arriving line by line (a streaming reply): each completed line is rendered once,
 * except a table's rows, held until the table ends so that its columns line up. `pending`
 * renders what is still open (the table so far and the unfinished last line).
 */
export class MarkdownStream {
  readonly done: StyledLine[] = [];
  #table: string[] = [];
  #state: MarkdownState = MARKDOWN_START;

  pushLine(raw: string): void {
    if (!this.#state.fence && tableCells(raw)) {
      this.#table.push(raw);
      return;
    }
    this.#closeTable();
    const r = renderMarkdownLine(raw, this.#state);
    this.done.push(r.line);
    this.#state = r.state;
  }

  pending(tail: string): StyledLine[] {
    if (!this.#state.fence && tableCells(tail)) return renderTable([...this.#table, tail]);
    const table = this.#table.length > 0 ? renderTable(this.#table) : [];
    return tail === "" ? table : [...table, renderMarkdownLine(tail, this.#state).line];
  }

  #closeTable(): void {
    if (this.#table.length === 0) return;
    this.done.push(...renderTable(this.#table));
    this.#table = [];
  }
}

/** Renders a whole text (history, finished replies). */
export function renderMarkdown(text: string): StyledLine[] {
  const stream = new MarkdownStream();
  for (const line of text.split("\n")) stream.pushLine(line);
  return [...stream.done, ...stream.pending("")];
}

const INLINE = /(`+)([^`]+?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Inline code, bold, italic and links; anything else is literal text. */
function inline(text: string, base?: "heading" | "quote"): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(span(text.slice(at, m.index), base));
    if (m[2] !== undefined) out.push(span(m[2], "code"));
    else if (m[3] !== undefined || m[4] !== undefined) out.push(span(m[3] ?? m[4]!, base === "heading" ? "heading" : "bold"));
    else if (m[5] !== undefined || m[6] !== undefined) out.push(span(m[5] ?? m[6]!, base ?? "italic"));
    else out.push(span(m[7]!, "link"), span(` (${m[8]})`, "dim"));
    at = m.index + m[0].length;
  }
  if (at < text.length || out.length === 0) out.push(span(text.slice(at), base));
  return out;
}
