import { spawn } from "node:child_process";

/**
 * Plugin children die with Ursa. The runner already exits when its stdin closes; this covers
 * a child too busy to notice (an endless loop): on Ursa's exit every child is killed, and a
 * terminating signal that would kill Ursa outright kills the children first. When nothing in
 * Ursa runs any more (`kill -9`, a crash), each child's watchdog kills it.
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

/**
 * A process that kills the child when Ursa dies without stopping it (`kill -9`, a crash), as the
 * Bash runner's watchdog does for a command's group: it waits on a pipe only Ursa writes to, which
 * the kernel closes when Ursa's process goes, however it goes. The returned stop is called once
 * the child has exited, so the watchdog never signals a process id that may have been reused.
 */
export function watchChild(pid: number): () => void {
  try {
    const watchdog = spawn("sh", ["-c", 'read -r _; kill -s KILL "$1" 2>/dev/null', "ursa-plugin-watchdog", String(pid)], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    watchdog.on("error", () => {});
    watchdog.stdin?.on("error", () => {});
    // Neither the watchdog nor its pipe keeps Ursa running.
    watchdog.unref();
    (watchdog.stdin as { unref?: () => void } | null)?.unref?.();
    return () => {
      watchdog.kill("SIGKILL");
      watchdog.stdin?.destroy();
    };
  } catch {
    return () => {};
  }
}
