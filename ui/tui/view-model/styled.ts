import { stripTerminalControls } from "../../../core/domain/terminal-text.ts";
/**
 * Styled text, the currency between view models and widgets: a line is a list of spans, each
 * with a semantic style name. The theme turns style names into terminal attributes, so view
 * models stay testable as plain strings and NO_COLOR is decided in one place.
 */
import { graphemes, graphemeWidth, textWidth } from "./text-width.ts";

export { graphemes, graphemeWidth, textWidth };

export const STYLES = [
  "dim", "bold", "italic", "user", "accent", "code", "heading", "link", "quote", "ok", "err", "warn",
  "add", "del", "hunk", "keyword", "string", "comment", "number", "selected", "thinking", "tool", "title",
] as const;
export type Style = (typeof STYLES)[number];

export interface Span {
  readonly text: string;
  readonly style?: Style | undefined;
}
export type StyledLine = readonly Span[];

/**
 * A span of text. Text from the model, tools or files goes through `sanitize` before it becomes
 * one (so widths and truncation count only what is shown); the theme strips control sequences
 * again when it paints, so nothing reaches the terminal raw whatever a view model forgot.
 */
export function span(text: string, style?: Style): Span {
  return style ? { text, style } : { text };
}

export function textOf(line: StyledLine): string {
  let out = "";
  for (const s of line) out += s.text;
  return out;
}

export function lineWidth(line: StyledLine): number {
  let w = 0;
  for (const s of line) w += textWidth(s.text);
  return w;
}

/**
 * Tabs become spaces; escape sequences and other control characters are dropped: they would
 * move the cursor, or worse (core/domain/terminal-text.ts, which headless output uses too).
 */
export function sanitize(text: string): string {
  return stripTerminalControls(text).replace(/\t/g, "    ");
}

/**
 * Breaks a line into rows of at most `width` columns, at spaces where it can, mid-word when a
 * word is longer than a row. An empty line stays one empty row.
 */
export function wrapLine(line: StyledLine, width: number): StyledLine[] {
  const w = Math.max(1, width);
  if (lineWidth(line) <= w) return [line];
  const rows: Span[][] = [];
  let row: Span[] = [];
  let used = 0;
  const push = (text: string, style: Style | undefined): void => {
    if (text === "") return;
    const last = row.at(-1);
    if (last && last.style === style) row[row.length - 1] = span(last.text + text, style);
    else row.push(span(text, style));
  };
  const newRow = (): void => {
    rows.push(row);
    row = [];
    used = 0;
  };
  for (const s of line) {
    for (const word of s.text.split(/(?<= )/)) {
      const ww = textWidth(word);
      const trimmed = word.endsWith(" ") ? textWidth(word.trimEnd()) : ww;
      if (used + trimmed <= w) {
        push(word, s.style);
        used += ww;
        continue;
      }
      if (used > 0 && trimmed <= w) {
        newRow();
        push(word, s.style);
        used = ww;
        continue;
      }
      for (const ch of graphemes(word)) {
        const cw = graphemeWidth(ch);
        if (used + cw > w) {
          if (ch === " ") continue;
          newRow();
        }
        push(ch, s.style);
        used += cw;
      }
    }
  }
  if (row.length > 0 || rows.length === 0) rows.push(row);
  return rows;
}

/** Cuts a line to `width` columns, ending with "…" when something was cut. */
export function truncateLine(line: StyledLine, width: number): StyledLine {
  if (lineWidth(line) <= width) return line;
  const out: Span[] = [];
  let used = 0;
  for (const s of line) {
    let text = "";
    for (const ch of graphemes(s.text)) {
      const cw = graphemeWidth(ch);
      if (used + cw > width - 1) {
        out.push(span(text + "…", s.style));
        return out;
      }
      text += ch;
      used += cw;
    }
    out.push(span(text, s.style));
  }
  return out;
}

/** Pads or cuts plain text to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const line = truncateLine([span(text)], width);
  const t = textOf(line);
  return t + " ".repeat(Math.max(0, width - textWidth(t)));
}
