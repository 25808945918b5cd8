/**
 * Plugin children die with Ursa. The runner already exits when its stdin closes; this covers
 * a child too busy to notice (an endless loop): on Ursa's exit every child is killed, and a
 * terminating signal that would kill Ursa outright kills the children first.
 */
const TERMINATING = ["SIGTERM", "SIGHUP", "SIGINT"] as const;
const children = new Set<number>();
let installed = false;

export function trackChild(pid: number): void {
  children.add(pid);
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  for (const signal of TERMINATING) process.on(signal, onSignal);
}

export function untrackChild(pid: number): void {
  children.delete(pid);
  if (children.size > 0 || !installed) return;
  installed = false;
  process.off("exit", killAll);
  for (const signal of TERMINATING) process.off(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Others listening (a headless turn ends itself gracefully) decide what happens to Ursa;
  // alone, this handler replaced the default, which was to die: do that.
  if (process.listenerCount(signal) === 1) {
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function killAll(): void {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
