/**
 * Runs async tasks one at a time, in call order.
 *
 * The store owns a single database connection (an in-memory database cannot have more, and the
 * native driver is synchronous, so more would add no parallelism). While an interactive
 * transaction is open, any other call on the client fails with TRANSACTION_ACTIVE; queueing every
 * call keeps transactions from ever overlapping.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // A failed task must not stop the ones queued behind it.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
