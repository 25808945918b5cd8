import { graphemes, graphemeWidth, span, type StyledLine } from "./styled.ts";

/**
 * The input box's text and cursor, multi-line, with prompt history: ↑ on the first line and
 * ↓ on the last walk the history, elsewhere they move between lines.
 */
export class EditorModel {
  text = "";
  cursor = 0;
  readonly #history: string[] = [];
  #historyAt = -1;
  #draft = "";

  get empty(): boolean {
    return this.text === "";
  }

  set(text: string, cursor = text.length): void {
    this.text = text;
    this.cursor = Math.min(Math.max(0, cursor), text.length);
  }

  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    const step = isLowSurrogate(this.text.charCodeAt(this.cursor - 1)) && this.cursor > 1 ? 2 : 1;
    this.text = this.text.slice(0, this.cursor - step) + this.text.slice(this.cursor);
    this.cursor -= step;
  }

  deleteForward(): void {
    const step = isHighSurrogate(this.text.charCodeAt(this.cursor)) ? 2 : 1;
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + step);
  }

  deleteWordBack(): void {
    const before = this.text.slice(0, this.cursor).replace(/\S+\s*$|\s+$/, "");
    this.text = before + this.text.slice(this.cursor);
    this.cursor = before.length;
  }

  left(): void {
    if (this.cursor > 0) this.cursor -= isLowSurrogate(this.text.charCodeAt(this.cursor - 1)) && this.cursor > 1 ? 2 : 1;
  }

  right(): void {
    if (this.cursor < this.text.length) this.cursor += isHighSurrogate(this.text.charCodeAt(this.cursor)) ? 2 : 1;
  }

  home(): void {
    this.cursor = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
  }

  end(): void {
    const nl = this.text.indexOf("\n", this.cursor);
    this.cursor = nl === -1 ? this.text.length : nl;
  }

  up(): void {
    const lineStart = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
    if (lineStart === 0) return this.#recall(1);
    const col = this.cursor - lineStart;
    const prevStart = this.text.lastIndexOf("\n", lineStart - 2) + 1;
    this.cursor = Math.min(prevStart + col, lineStart - 1);
  }

  down(): void {
    const nl = this.text.indexOf("\n", this.cursor);
    if (nl === -1) return this.#recall(-1);
    const col = this.cursor - (this.text.lastIndexOf("\n", this.cursor - 1) + 1);
    const nextEnd = this.text.indexOf("\n", nl + 1);
    this.cursor = Math.min(nl + 1 + col, nextEnd === -1 ? this.text.length : nextEnd);
  }

  /** Returns the text for sending, remembers it in the history and clears the box. */
  take(): string {
    const text = this.text;
    if (text.trim() !== "" && this.#history[0] !== text) this.#history.unshift(text);
    this.#historyAt = -1;
    this.set("");
    return text;
  }

  #recall(direction: 1 | -1): void {
    const next = this.#historyAt + direction;
    if (next < -1 || next >= this.#history.length) return;
    if (this.#historyAt === -1) this.#draft = this.text;
    this.#historyAt = next;
    this.set(next === -1 ? this.#draft : this.#history[next]!);
  }

  /** The `@path` being typed at the cursor, if any (`\ ` is an escaped space, as completion inserts it). */
  mention(): { start: number; prefix: string } | null {
    const m = /(^|\s)@((?:\\ |[^\s@])*)$/.exec(this.text.slice(0, this.cursor));
    return m ? { start: this.cursor - m[2]!.length - 1, prefix: m[2]! } : null;
  }

  /** Rows of the box at `width` columns (hard-wrapped), the cursor shown as an inverted cell; the last `height` rows around the cursor. */
  rows(width: number, height: number, showCursor: boolean): StyledLine[] {
    const rows: StyledLine[] = [];
    let cursorRow = 0;
    let offset = 0;
    for (const line of this.text.split("\n")) {
      const cut = hardWrap(line, width - 1);
      for (const [i, piece] of cut.entries()) {
        const start = offset + piece.from;
        const isLast = i === cut.length - 1;
        const end = start + piece.text.length;
        if (showCursor && this.cursor >= start && (this.cursor < end || (isLast && this.cursor === end))) {
          cursorRow = rows.length;
          const at = this.cursor - start;
          const ch = piece.text.codePointAt(at);
          const chLen = ch === undefined ? 0 : ch > 0xffff ? 2 : 1;
          rows.push([span(piece.text.slice(0, at)), span(ch === undefined ? " " : piece.text.slice(at, at + chLen), "selected"), span(piece.text.slice(at + chLen))]);
        } else rows.push([span(piece.text)]);
      }
      offset += line.length + 1;
    }
    const first = Math.max(0, Math.min(cursorRow - height + 1, rows.length - height));
    return rows.slice(first, first + height);
  }

  /** How many rows the text needs at `width` (for growing the box). */
  rowCount(width: number): number {
    return this.text.split("\n").reduce((n, line) => n + hardWrap(line, width - 1).length, 0);
  }
}

function hardWrap(line: string, width: number): { text: string; from: number }[] {
  const out: { text: string; from: number }[] = [];
  let from = 0;
  let used = 0;
  let at = 0;
  for (const ch of graphemes(line)) {
    const w = graphemeWidth(ch);
    if (used + w > Math.max(1, width)) {
      out.push({ text: line.slice(from, at), from });
      from = at;
      used = 0;
    }
    used += w;
    at += ch.length;
  }
  out.push({ text: line.slice(from), from });
  return out;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
