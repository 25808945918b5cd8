/**
 * A session's cancellation tree: a root that every turn (and later every background agent)
 * hangs a child off. Interrupting aborts the root and swaps in a fresh one, so the next turn
 * starts un-cancelled while everything started under the old root stops.
 */
export class SessionCancel {
  #root = new AbortController();

  interrupt(reason = "interrupted by the user"): void {
    const old = this.#root;
    this.#root = new AbortController();
    old.abort(new DOMException(reason, "AbortError"));
  }

  /** A child that aborts with the current root, and can be aborted on its own. */
  child(): AbortController {
    return childController(this.#root.signal);
  }
}

export function childController(parent: AbortSignal): AbortController {
  const child = new AbortController();
  if (parent.aborted) {
    child.abort(parent.reason);
    return child;
  }
  const onAbort = () => child.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  child.signal.addEventListener("abort", () => parent.removeEventListener("abort", onAbort), { once: true });
  return child;
}

export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
