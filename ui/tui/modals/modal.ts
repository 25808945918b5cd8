import type { Key } from "../keys.ts";
import { wrapLine, type StyledLine } from "../view-model/styled.ts";

/** A dialog over the dashboard. It gets every key while open. */
export interface Modal {
  readonly title: string;
  /** The session whose decision this is (approval, question, loop cap); null for the app's own dialogs. */
  readonly sessionId: string | null;
  /** Key hints for the bottom line. */
  readonly hint: string;
  rows(width: number, height: number): StyledLine[];
  /** Returns true when the modal is done and should close. */
  key(key: Key): boolean;
}

/** Scrollable body text shared by the modals: ↑/↓ and PgUp/PgDn move it. */
export class ScrollText {
  #offset = 0;

  rows(lines: readonly StyledLine[], width: number, height: number): StyledLine[] {
    const wrapped = lines.flatMap((l) => wrapLine(l, width));
    this.#offset = Math.min(this.#offset, Math.max(0, wrapped.length - height));
    return wrapped.slice(this.#offset, this.#offset + height);
  }

  key(key: Key): boolean {
    const step = key.name === "up" ? -1 : key.name === "down" ? 1 : key.name === "pageup" ? -10 : key.name === "pagedown" ? 10 : 0;
    if (step === 0) return false;
    this.#offset = Math.max(0, this.#offset + step);
    return true;
  }
}

/** Applies an editing key to a text field; returns whether it was one. */
export function editKey(editor: { insert(s: string): void; backspace(): void; left(): void; right(): void; home(): void; end(): void; deleteForward(): void; deleteWordBack(): void; set(text: string): void }, key: Key): boolean {
  if (key.name === "char" && key.ch) editor.insert(key.ch);
  else if (key.ctrl && key.name === "u") editor.set("");
  else if ((key.ctrl && key.name === "w") || (key.meta && key.name === "backspace")) editor.deleteWordBack();
  else if (key.name === "backspace") editor.backspace();
  else if (key.name === "delete") editor.deleteForward();
  else if (key.name === "left") editor.left();
  else if (key.name === "right") editor.right();
  else if (key.name === "home" || (key.ctrl && key.name === "a")) editor.home();
  else if (key.name === "end" || (key.ctrl && key.name === "e")) editor.end();
  else return false;
  return true;
}
