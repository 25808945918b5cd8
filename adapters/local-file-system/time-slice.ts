import { setImmediate } from "node:timers";

/**
 * Bulk scans (walk, readTexts) use synchronous fs calls: an async call costs several thread-pool
 * round trips, which for thousands of small files takes two to three times longer than the work
 * itself. To keep the event loop (the UI, interrupts) responsive they give it back every few ms.
 */
const SLICE_MS = 8;

export class TimeSlice {
  readonly #signal: AbortSignal;
  #since = performance.now();

  constructor(signal: AbortSignal) {
    signal.throwIfAborted();
    this.#signal = signal;
  }

  /** Yields to the event loop when the slice is used up; throws when the signal fired meanwhile. */
  async pause(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.#signal.throwIfAborted();
    this.#since = performance.now();
  }
}
