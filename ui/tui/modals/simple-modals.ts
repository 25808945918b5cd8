import type { LoopCapRequest, Question } from "../../../core/ports/interaction.ts";
import type { LoopContinuation } from "../../../core/domain/engine-command.ts";
import type { Key } from "../keys.ts";
import { EditorModel } from "../view-model/editor.ts";
import { sanitize, span, type StyledLine } from "../view-model/styled.ts";
import { editKey, ScrollText, type Modal } from "./modal.ts";

/** Text to read (help, results); any of Esc, Enter or q closes it. */
export class TextModal implements Modal {
  readonly sessionId = null;
  readonly hint = "↑/↓ scroll · Esc close";
  readonly title: string;
  readonly #lines: StyledLine[];
  readonly #scroll = new ScrollText();
  constructor(title: string, text: string) {
    this.title = ` ${title} `;
    this.#lines = sanitize(text).split("\n").map((l) => [span(l)]);
  }
  rows(width: number, height: number): StyledLine[] {
    return this.#scroll.rows(this.#lines, width, height);
  }
  key(key: Key): boolean {
    if (this.#scroll.key(key)) return false;
    return key.name === "escape" || key.name === "enter" || key.ch === "q";
  }
}

/** A yes/no question; only y confirms. */
export class ConfirmModal implements Modal {
  readonly sessionId = null;
  readonly hint = "y yes · n or Esc no";
  readonly title: string;
  readonly #text: string;
  readonly #onYes: () => void;
  constructor(title: string, text: string, onYes: () => void) {
    this.title = ` ${title} `;
    this.#text = text;
    this.#onYes = onYes;
  }
  rows(): StyledLine[] {
    return this.#text.split("\n").map((l) => [span(l)]);
  }
  key(key: Key): boolean {
    if (key.ch?.toLowerCase() === "y") {
      this.#onYes();
      return true;
    }
    return key.ch?.toLowerCase() === "n" || key.name === "escape";
  }
}

/** Asks for one line of text (rename, new todo). */
export class PromptModal implements Modal {
  readonly sessionId = null;
  readonly hint = "Enter ok · Esc cancel";
  readonly title: string;
  readonly #label: string;
  readonly #editor = new EditorModel();
  readonly #onText: (text: string) => void;
  constructor(title: string, label: string, initial: string, onText: (text: string) => void) {
    this.title = ` ${title} `;
    this.#label = label;
    this.#editor.set(initial);
    this.#onText = onText;
  }
  rows(width: number, height: number): StyledLine[] {
    return [[span(this.#label, "dim")], ...this.#editor.rows(width, Math.max(1, height - 1), true)];
  }
  key(key: Key): boolean {
    if (key.name === "escape") return true;
    if (key.name === "enter") {
      if (this.#editor.text.trim()) this.#onText(this.#editor.text.trim());
      return true;
    }
    editKey(this.#editor, key);
    return false;
  }
}

/**
 * The agent asked the user: pick an option (1–9, ↑/↓ Enter) or type an answer; Esc skips.
 * Once something is typed, the keys edit it and Enter sends the text, not the highlighted option.
 */
export class AskUserModal implements Modal {
  readonly title = " The agent asks ";
  readonly sessionId: string;
  readonly #event: Question;
  readonly #answer: (answer: string) => void;
  readonly #editor = new EditorModel();
  #index = 0;
  constructor(event: Question, answer: (answer: string) => void) {
    this.#event = event;
    this.sessionId = event.sessionId;
    this.#answer = answer;
  }
  get hint(): string {
    if (this.#event.options.length === 0 || this.#typed()) return "Enter answer · Esc skip";
    return "1–9 or ↑/↓ Enter choose · type to answer · Esc skip";
  }
  rows(width: number, height: number): StyledLine[] {
    const q: StyledLine[] = sanitize(this.#event.question).split("\n").map((l) => [span(l, "bold")]);
    if (this.#event.options.length === 0) return [...q, [], ...this.#editor.rows(width, Math.max(1, height - q.length - 1), true)];
    const typed = this.#typed();
    const options = this.#event.options.map((o, i): StyledLine => [span(`${i + 1}. ${sanitize(o)}`, !typed && i === this.#index ? "selected" : undefined)]);
    const field = typed ? this.#editor.rows(width, 1, true) : [[span("or type an answer", "dim")]];
    return [...q, [], ...options, [], ...field];
  }
  key(key: Key): boolean {
    const options = this.#event.options;
    if (key.name === "escape") return this.#send("");
    if (options.length === 0 || this.#typed()) {
      if (key.name === "enter") return this.#send(this.#editor.text.trim());
      editKey(this.#editor, key);
      return false;
    }
    if (key.name === "up") this.#index = Math.max(0, this.#index - 1);
    else if (key.name === "down") this.#index = Math.min(options.length - 1, this.#index + 1);
    else if (key.name === "enter") return this.#send(options[this.#index]!);
    else if (key.ch && /^[1-9]$/.test(key.ch) && Number(key.ch) <= options.length) return this.#send(options[Number(key.ch) - 1]!);
    else editKey(this.#editor, key);
    return false;
  }
  /** Something other than whitespace is in the answer field. */
  #typed(): boolean {
    return this.#editor.text.trim() !== "";
  }
  #send(answer: string): true {
    this.#answer(answer);
    return true;
  }
}

/** The loop cap paused a turn: stop, or continue for 50 or 200 more rounds. */
export class LoopCapModal implements Modal {
  readonly title = " Loop cap reached ";
  readonly hint = "s stop · 5 continue 50 · 2 continue 200";
  readonly sessionId: string;
  readonly #event: LoopCapRequest;
  readonly #decide: (action: LoopContinuation) => void;
  constructor(event: LoopCapRequest, decide: (action: LoopContinuation) => void) {
    this.#event = event;
    this.sessionId = event.sessionId;
    this.#decide = decide;
  }
  rows(): StyledLine[] {
    return [
      [span(`The agent ran ${this.#event.cap} tool rounds in this turn.`)],
      [span(`Recent tools: ${this.#event.recentTools.join(", ") || "none"}`, "dim")],
    ];
  }
  key(key: Key): boolean {
    const action: LoopContinuation | null = key.ch === "s" || key.name === "escape" ? "stop" : key.ch === "5" ? "continue50" : key.ch === "2" ? "continue200" : null;
    if (!action) return false;
    this.#decide(action);
    return true;
  }
}
