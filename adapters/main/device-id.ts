import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newId } from "../../core/domain/ids.ts";

/** This machine's id, stored with every row so synced databases know where a change came from. */
export function loadDeviceId(dataDir: string): string {
  const path = join(dataDir, "device-id");
  try {
    const existing = readFileSync(path, "utf8").trim();
    if (existing) return existing;
  } catch {
    // First run: create it below.
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const id = newId();
  try {
    writeFileSync(path, `${id}\n`, { flag: "wx", mode: 0o600 });
    return id;
  } catch {
    // Another process created it first; use theirs.
    return readFileSync(path, "utf8").trim();
  }
}
