/** A settable epoch-ms clock for code that takes `now: () => number`, so tests can age data. */
export class FakeClock {
  #ms: number;

  constructor(startMs: number = Date.UTC(2025, 0, 1)) {
    this.#ms = startMs;
  }

  /** Bound, so it can be handed over as a plain `() => number`. */
  readonly now = (): number => this.#ms;

  advance(ms: number): void {
    this.#ms += ms;
  }
}
