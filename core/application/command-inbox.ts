import type { EngineCommand } from "../domain/engine-command.ts";

interface Waiter {
  readonly pick: (command: EngineCommand) => unknown;
  readonly resolve: (value: unknown) => void;
}

/**
 * Where a session's commands land. `queue_next` texts pile up until the loop drains them;
 * decisions (approval, ask-user, loop cap) go to whoever waits for one that matches, so a
 * response with the wrong id is ignored; `interrupt` cancels through the session and drops
 * the texts still queued (handed to `onInterrupt`, so the session can say which).
 */
export class CommandInbox {
  readonly #queued: string[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #onInterrupt: (dropped: readonly string[]) => void;

  constructor(onInterrupt: (dropped: readonly string[]) => void) {
    this.#onInterrupt = onInterrupt;
  }

  send(command: EngineCommand): void {
    if (command.type === "interrupt") {
      this.#onInterrupt(this.#queued.splice(0));
      return;
    }
    if (command.type === "queue_next") {
      if (command.text.trim() !== "") this.#queued.push(command.text);
      return;
    }
    for (const waiter of this.#waiters) {
      const value = waiter.pick(command);
      if (value !== undefined) {
        this.#waiters.delete(waiter);
        waiter.resolve(value);
        return;
      }
    }
  }

  /** Texts queued with `queue_next` since the last drain, oldest first. */
  drainQueued(): string[] {
    return this.#queued.splice(0);
  }

  get queuedCount(): number {
    return this.#queued.length;
  }

  /**
   * Resolves with the first command `pick` maps to a value; rejects when `signal` aborts.
   * Register the wait before announcing the request, so an immediate answer is not missed.
   */
  waitFor<T>(pick: (command: EngineCommand) => T | undefined, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        pick,
        resolve: (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value as T);
        },
      };
      const onAbort = () => {
        this.#waiters.delete(waiter);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }
}
