import { counted } from "../../core/domain/format.ts";

/** How soon a second press counts as meaning it. */
const SECOND_PRESS_MS = 2_000;

export interface QuitKeysHost {
  /** Turns running in this dashboard. */
  running(): number;
  /** Interrupts the turn in view; false when none runs there. */
  interruptInView(): boolean;
  /** Clears the input into its history; true when it held text. */
  clearInput(): boolean;
  notify(text: string): void;
  quit(): void;
}

/** Ctrl+C and Ctrl+D: what quits at once, what interrupts, and what asks for a second press. */
export class QuitKeys {
  readonly #host: QuitKeysHost;
  #ctrlCAt = -Infinity;
  #ctrlDAt = -Infinity;

  constructor(host: QuitKeysHost) {
    this.#host = host;
  }

  /** Ctrl+D: quits at once when idle; with turns running, asks first (they are then interrupted and stored as such). */
  ctrlD(): void {
    const running = this.#host.running();
    const now = Date.now();
    if (running === 0 || now - this.#ctrlDAt < SECOND_PRESS_MS) return this.#host.quit();
    this.#ctrlDAt = now;
    this.#host.notify(`${counted(running, "turn")} running: press Ctrl+D again to interrupt ${running === 1 ? "it" : "them"} and quit`);
  }

  /** Ctrl+C interrupts the turn in view, as Esc does; when nothing runs, twice quits. */
  ctrlC(): void {
    if (this.#host.interruptInView()) return;
    const now = Date.now();
    if (now - this.#ctrlCAt < SECOND_PRESS_MS) return this.#host.quit();
    this.#ctrlCAt = now;
    // The cleared draft goes into the input history, as shells do, so ↑ brings it back first.
    const hadDraft = this.#host.clearInput();
    this.#host.notify(hadDraft ? "Input cleared (↑ brings it back) · Press Ctrl+C again to quit" : "Press Ctrl+C again to quit");
  }
}
