/**
 * Aborts the request when the caller does or when the server goes quiet for too long: the SDK's
 * own timeout stops at the response headers, but a stream can stall after them — a local model
 * still loading into memory, or a proxy holding a dead upstream open.
 */
export class Watchdog {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly signal: AbortSignal;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;

  constructor(caller: AbortSignal, timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.signal = AbortSignal.any([caller, this.#controller.signal]);
    this.reset();
  }

  get expired(): boolean {
    return this.#expired;
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort();
    }, this.#timeoutMs);
  }

  /** Stops the timer and aborts whatever is still open, e.g. when the consumer stopped early. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
