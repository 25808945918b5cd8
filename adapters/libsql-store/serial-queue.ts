/**
 * Runs async tasks one at a time, in call order.
 *
 * The store owns a single database connection (an in-memory database cannot have more, and the
 * native driver is synchronous, so more would add no parallelism). While an interactive
 * transaction is open, any other call on the client fails with TRANSACTION_ACTIVE; queueing every
 * call keeps transactions from ever overlapping.
 *
 * A task given a signal that fires while it still waits its turn is dropped: it never runs and
 * its promise rejects with an AbortError at once. One that has started runs to its end: the
 * native driver executes a statement synchronously on its own, with no way to interrupt it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!signal) return this.#enqueue(task);
    if (signal.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      let dropped = false;
      const onAbort = () => {
        dropped = true;
        reject(abortError(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#enqueue(async () => {
        if (dropped) return;
        // From here on the result (or failure) is the task's: a running statement cannot be stopped.
        signal.removeEventListener("abort", onAbort);
        resolve(await task());
      }).catch(reject);
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // A failed or dropped task must not stop the ones queued behind it.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** The signal's own reason when it is an AbortError (the engine's interrupts are), else a fresh one. */
function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "AbortError") return reason;
  return new DOMException("The store call was aborted before it ran", "AbortError");
}
