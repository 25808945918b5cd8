/**
 * Aborts the request when the caller does or when the server goes quiet for too long. The SDK's
 * own `timeout` would bound the whole stream, however long a healthy answer takes; this one
 * bounds each wait, for the response and then for every next event.
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

  /** Stops the timer and aborts the request, which closes a stream the consumer left early. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
