/** How long a notice stays in the status bar. */
const NOTICE_MS = 4_000;

/** The status bar's passing notice: shown for a few seconds, or until the work it names is done. */
export class StatusNotice {
  readonly #redraw: () => void;
  #notice: { text: string; until: number } | null = null;

  constructor(redraw: () => void) {
    this.#redraw = redraw;
  }

  show(text: string): void {
    this.#notice = { text, until: Date.now() + NOTICE_MS };
    this.#redraw();
    setTimeout(() => this.#redraw(), NOTICE_MS + 10).unref?.();
  }

  /** Takes a notice of work in progress away when that work finished (`interrupting…`, `compacting…`). */
  clear(text: string): void {
    if (this.#notice?.text !== text) return;
    this.#notice = null;
    this.#redraw();
  }

  text(): string | null {
    return this.#notice && this.#notice.until > Date.now() ? this.#notice.text : null;
  }
}
