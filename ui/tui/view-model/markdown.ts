import { highlightCode } from "./highlight.ts";
import { sanitize, span, type Span, type StyledLine } from "./styled.ts";

/**
 * Markdown for the terminal, one line at a time: a reply streams in, so each completed line is
 * rendered once and kept; only the unfinished last line is rendered again on every delta. The
 * state carried between lines is whether we are inside a code fence.
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
  const row = tableRow(line);
  if (row) return { line: row, state };
  const numbered = /^(\s*)(\d+[.)])\s+(.*)$/.exec(line);
  if (numbered) return { line: [span(`${numbered[1]}${numbered[2]} `, "accent"), ...inline(numbered[3]!)], state };
  return { line: inline(line), state };
}

/**
 * A table row (`| a | b |`): cells joined by a rule, the `|---|:--|` line as a dashed line. Rows
 * stream in one at a time, so columns are not padded to a common width.
 */
function tableRow(line: string): StyledLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("|") || trimmed.length < 3) return null;
  const cells = trimmed.replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
  if (cells.every((cell) => /^:?-{2,}:?$/.test(cell))) return [span(cells.map((c) => "─".repeat(Math.max(3, c.length))).join("─┼─"), "dim")];
  const out: Span[] = [];
  cells.forEach((cell, i) => {
    if (i > 0) out.push(span(" │ ", "dim"));
    out.push(...inline(cell));
  });
  return out;
}

/** Renders a whole text (history, finished replies). */
export function renderMarkdown(text: string): StyledLine[] {
  let state = MARKDOWN_START;
  const out: StyledLine[] = [];
  for (const raw of text.split("\n")) {
    const r = renderMarkdownLine(raw, state);
    out.push(r.line);
    state = r.state;
  }
  return out;
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
