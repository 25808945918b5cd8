import { readFileSync } from "node:fs";

/**
 * True while the process runs. A killed orphan stays a zombie until init reaps it, which some
 * container inits do slowly: on Linux a zombie counts as dead.
 */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
}

/** Waits until `pid` has stopped running, for at most two seconds. */
export async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !running(pid);
}
