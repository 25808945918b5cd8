import type { Modal } from "./modal.ts";

/**
 * Keeps keys typed ahead from answering a question the engine asks (approval, AskUser, loop
 * cap): such a modal takes a key only after a pause in typing since it opened, so a burst that
 * began before it appeared, however long it goes on, never answers it. Until then its keys go
 * where they were going (the input) and the modal says it is waiting for the pause. Dialogs
 * the user opened (help, rename) take keys at once.
 *
 * The other side too: when a dialog closes on a key, the rest of that burst of typing (keys
 * until the next pause) is dropped, so "yes please" into an approval, or "/permissions" into
 * a yes/no question whose n answered it, leaves nothing in the input to be sent.
 */
export class TypingGate {
  readonly #quietMs: number;
  readonly #wake: () => void;
  #modal: Modal | null = null;
  #openedAt = 0;
  #open = true;
  #lastKeyAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** A dialog closed on a key, and no pause in typing came since. */
  #closedOnKey = false;

  /** `wake` redraws when the pause has come, so the modal can say it is listening. */
  constructor(quietMs: number, wake: () => void) {
    this.#quietMs = quietMs;
    this.#wake = wake;
  }

  /** Notes the modal in view (each frame and each key); a new engine question starts closed. */
  observe(modal: Modal | null, now = Date.now()): void {
    if (modal === this.#modal) return;
    this.#modal = modal;
    this.#openedAt = now;
    this.#open = modal === null || modal.sessionId === null;
    if (!this.#open) this.#schedule(now);
  }

  /** Called for every key: whether `modal` (the one in view, if any) may take it. */
  admits(modal: Modal | null, now = Date.now()): boolean {
    this.observe(modal, now);
    const quietSince = Math.max(this.#openedAt, this.#lastKeyAt);
    this.#lastKeyAt = now;
    if (!this.#open && now - quietSince >= this.#quietMs) this.#open = true;
    if (!this.#open) this.#schedule(now);
    return modal !== null && this.#open;
  }

  /** The modal in view closed on the key just taken: what follows it without a pause is dropped. */
  closedOnKey(): void {
    this.#closedOnKey = true;
  }

  /** Called for every key before it goes anywhere: whether it belongs to the burst that closed a dialog, and is dropped. */
  drops(now = Date.now()): boolean {
    if (!this.#closedOnKey) return false;
    if (now - this.#lastKeyAt >= this.#quietMs) {
      this.#closedOnKey = false;
      return false;
    }
    this.#lastKeyAt = now;
    return true;
  }

  /** Whether the modal in view still waits for a pause in typing. */
  waiting(now = Date.now()): boolean {
    if (this.#open || this.#modal === null) return false;
    return now - Math.max(this.#openedAt, this.#lastKeyAt) < this.#quietMs;
  }

  #schedule(now: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    const due = Math.max(this.#openedAt, this.#lastKeyAt) + this.#quietMs - now + 5;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#wake();
    }, Math.max(0, due));
    this.#timer.unref?.();
  }
}
