/**
 * Makes sure stdio servers die with Ursa. `close()` ends them gracefully; this covers the
 * paths that skip it: SIGTERM or SIGHUP (Ursa's default would be to die on the spot and
 * orphan them) and `process.exit`. One per process, because signals are.
 */
const TERMINATING = ["SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBERS: Record<(typeof TERMINATING)[number], number> = { SIGTERM: 15, SIGHUP: 1 };
// How long a signalled Ursa waits for its children before it exits anyway.
const GRACE_MS = 1_500;

const children = new Map<number, () => void>();
let installed = false;

/** Registers a spawned server; `stop` is called first on a terminating signal, so its owner stops reconnecting. */
export function trackChild(pid: number, stop: () => void): void {
  children.set(pid, stop);
  if (installed) return;
  installed = true;
  for (const signal of TERMINATING) process.on(signal, onSignal);
  process.on("exit", onExit);
}

/** The server exited (its pipes closed): nothing left to kill. */
export function untrackChild(pid: number): void {
  children.delete(pid);
  if (children.size > 0 || !installed) return;
  installed = false;
  for (const signal of TERMINATING) process.off(signal, onSignal);
  process.off("exit", onExit);
}

function onSignal(signal: NodeJS.Signals): void {
  // Ursa's own handlers may also be listening (a headless turn shuts down gracefully and
  // closes the servers itself); end the children now either way, so nothing reconnects them.
  for (const [pid, stop] of children) {
    stop();
    kill(pid, "SIGTERM");
  }
  if (process.listenerCount(signal) > 1) return;
  // Alone, this handler replaced the default (dying at once): do what it would, once the children are gone.
  const deadline = Date.now() + GRACE_MS;
  const exit = (): void => {
    if (children.size > 0 && Date.now() < deadline) setTimeout(exit, 20);
    else process.exit(128 + SIGNAL_NUMBERS[signal as (typeof TERMINATING)[number]]);
  };
  exit();
}

function onExit(): void {
  // Nothing can wait here: whatever is still running is killed outright.
  for (const pid of children.keys()) kill(pid, "SIGKILL");
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
