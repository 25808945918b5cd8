/**
 * Coalesces render requests: however many events arrive, the screen is drawn at most once per
 * `intervalMs` (16 ms: 60 frames a second), and never more than one frame is pending.
 */
export class RenderScheduler {
  readonly #render: () => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = -Infinity;

  constructor(render: () => void, options: { intervalMs?: number; now?: () => number } = {}) {
    this.#render = render;
    this.#intervalMs = options.intervalMs ?? 16;
    this.#now = options.now ?? (() => performance.now());
  }

  request(): void {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#last + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  /** Draws now (first frame, before exit). */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#last = this.#now();
    this.#render();
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
