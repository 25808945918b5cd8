/** A key press as the dashboard sees it, independent of blessed's event shape. */
export interface Key {
  /** "enter", "escape", "tab", "up", "a"…; printable text arrives as `ch` with name "char". */
  readonly name: string;
  readonly ch: string | undefined;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

interface BlessedKey {
  readonly sequence?: string;
  readonly name?: string;
  readonly full?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly shift?: boolean;
}

/**
 * Normalises blessed's keypress events:
 * - blessed reports Enter twice ("return" and "enter"); "\r" is kept once, "\n" is Ctrl+J
 *   (blessed names it "linefeed").
 * - Alt+Enter arrives as a lone Escape followed by Enter in the same input chunk; Escape is
 *   therefore held until the chunk is processed (one macrotask) and merged with an Enter.
 * - pasted text arrives, with bracketed paste on, between ESC[200~ and ESC[201~; it is
 *   collected and passed on as one "paste" key, so its newlines do not send it line by line.
 */
export class KeyDecoder {
  readonly #emit: (key: Key) => void;
  #heldEscape: ReturnType<typeof setImmediate> | null = null;
  /** The text of a paste in progress; null when not pasting. */
  #paste: string | null = null;

  constructor(emit: (key: Key) => void) {
    this.#emit = emit;
  }

  /**
   * Sees every key sequence the terminal sends, before blessed drops the ones it has no name
   * for, as it does the paste brackets. Wire it to the input stream's own "keypress" events.
   */
  raw(key: BlessedKey | undefined): void {
    if (key?.sequence === PASTE_START) this.#paste = "";
    else if (key?.sequence === PASTE_END && this.#paste !== null) {
      const text = this.#paste;
      this.#paste = null;
      if (text !== "") this.#emit({ name: "paste", ch: text, ctrl: false, meta: false, shift: false });
    }
  }

  feed(ch: string | undefined, key: BlessedKey | undefined): void {
    if (this.#paste !== null) return this.#collect(ch, key);
    const name = key?.name;
    if (name === "enter" && ch === "\r") return;
    if (name === "escape" && !key?.meta) {
      if (this.#heldEscape) this.#flushEscape();
      this.#heldEscape = setImmediate(() => this.#flushEscape());
      return;
    }
    const altEnter = this.#heldEscape !== null && (name === "return" || name === "enter");
    if (this.#heldEscape) {
      clearImmediate(this.#heldEscape);
      this.#heldEscape = null;
      if (!altEnter) this.#emit(ESCAPE);
    }
    if (altEnter) return this.#emit({ name: "enter", ch: undefined, ctrl: false, meta: true, shift: false });
    if (name === "return") return this.#emit({ name: "enter", ch: undefined, ctrl: false, meta: Boolean(key?.meta), shift: Boolean(key?.shift) });
    if (name === "linefeed" || (name === "enter" && ch === "\n")) return this.#emit({ name: "newline", ch: undefined, ctrl: true, meta: false, shift: false });
    if ((name !== undefined && name.length > 1 && name !== "space") || key?.ctrl || key?.meta) {
      return this.#emit({ name: name ?? "", ch, ctrl: Boolean(key?.ctrl), meta: Boolean(key?.meta), shift: Boolean(key?.shift) });
    }
    if (ch !== undefined && ch >= " ") this.#emit({ name: "char", ch, ctrl: false, meta: false, shift: Boolean(key?.shift) });
  }

  #collect(ch: string | undefined, key: BlessedKey | undefined): void {
    // blessed reports a line break twice ("return" and "enter" for \r); take one.
    if (key?.name === "enter" && ch === "\r") return;
    if (key?.name === "return" || key?.name === "enter" || key?.name === "linefeed") this.#paste += "\n";
    else if (key?.name === "tab") this.#paste += "\t";
    else if (ch !== undefined && ch >= " ") this.#paste += ch;
  }

  #flushEscape(): void {
    this.#heldEscape = null;
    this.#emit(ESCAPE);
  }
}

const ESCAPE: Key = { name: "escape", ch: undefined, ctrl: false, meta: false, shift: false };
const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

/** Terminal modes: with bracketed paste on, pasted text is marked so it is not typed key by key. */
export const BRACKETED_PASTE_ON = "\x1b[?2004h";
export const BRACKETED_PASTE_OFF = "\x1b[?2004l";
