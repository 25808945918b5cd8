import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * API keys from `keys.json` in the data directory ({"OPENAI_API_KEY": "sk-…"}), for users who
 * do not want them in their shell profile. The file must be readable by its owner only; keys
 * are never written to the session database, never synced and never logged.
 * Environment variables win over the file.
 */
export function readKeysFile(dataDir: string): Record<string, string> {
  const path = join(dataDir, "keys.json");
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return {};
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users; run: chmod 600 ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); it should look like {"ANTHROPIC_API_KEY": "sk-..."}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold one JSON object of environment-variable names to keys`);
  }
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/**
 * Sets (or, with null, removes) one entry of `keys.json`, keeping the others. The file is
 * written beside the old one with mode 600 and renamed over it, so a crash leaves either copy.
 */
export function setKeysFileEntry(dataDir: string, name: string, value: string | null): void {
  const keys = readKeysFile(dataDir);
  if (value === null) delete keys[name];
  else keys[name] = value;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, "keys.json");
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
