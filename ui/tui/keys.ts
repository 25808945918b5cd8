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
  readonly name?: string;
  readonly full?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly shift?: boolean;
}

/**
 * Normalises blessed's keypress events:
 * - blessed reports Enter twice ("return" and "enter"); "\r" is kept once, "\n" is Ctrl+J.
 * - Alt+Enter arrives as a lone Escape followed by Enter in the same input chunk; Escape is
 *   therefore held until the chunk is processed (one macrotask) and merged with an Enter.
 * - pasted text arrives as many keypresses; it is passed on as is.
 */
export class KeyDecoder {
  readonly #emit: (key: Key) => void;
  #heldEscape: ReturnType<typeof setImmediate> | null = null;

  constructor(emit: (key: Key) => void) {
    this.#emit = emit;
  }

  feed(ch: string | undefined, key: BlessedKey | undefined): void {
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
    if (name === "enter" && ch === "\n") return this.#emit({ name: "newline", ch: undefined, ctrl: true, meta: false, shift: false });
    if ((name !== undefined && name.length > 1 && name !== "space") || key?.ctrl || key?.meta) {
      return this.#emit({ name: name ?? "", ch, ctrl: Boolean(key?.ctrl), meta: Boolean(key?.meta), shift: Boolean(key?.shift) });
    }
    if (ch !== undefined && ch >= " ") this.#emit({ name: "char", ch, ctrl: false, meta: false, shift: Boolean(key?.shift) });
  }

  #flushEscape(): void {
    this.#heldEscape = null;
    this.#emit(ESCAPE);
  }
}

const ESCAPE: Key = { name: "escape", ch: undefined, ctrl: false, meta: false, shift: false };
