import { join } from "node:path";

/**
 * Where Ursa keeps everything it stores (database, logs, device id). `URSA_HOME` overrides
 * all of it; otherwise the XDG data directory.
 */
export function resolveDataDir(env: Record<string, string | undefined>, home: string): string {
  if (env["URSA_HOME"]) return env["URSA_HOME"];
  const xdg = env["XDG_DATA_HOME"];
  return join(xdg && xdg.startsWith("/") ? xdg : join(home, ".local", "share"), "ursa");
}
