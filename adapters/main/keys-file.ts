import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The keys of `keys.json`, and what is wrong with the file when its keys cannot be used. */
export interface KeysFile {
  readonly keys: Readonly<Record<string, string>>;
  /** One line saying what is wrong and how to fix it; null when the file is fine or absent. */
  readonly problem: string | null;
}

/**
 * API keys from `keys.json` in the data directory ({"OPENAI_API_KEY": "sk-…"}), for users who
 * do not want them in their shell profile. The file must be a regular file readable by its owner
 * only; keys are never written to the session database, never synced and never logged.
 * Environment variables win over the file, so a broken file is not fatal: its keys are not used,
 * and the problem is reported in one line (a key in the environment still works).
 */
export function readKeysFile(dataDir: string): KeysFile {
  const path = join(dataDir, "keys.json");
  const refuse = (problem: string): KeysFile => ({ keys: {}, problem });
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { keys: {}, problem: null };
  }
  // Reading a FIFO (or a device) would wait for a writer for ever.
  if (!stat.isFile()) return refuse(`${path} is not a regular file; replace it with one like {"ANTHROPIC_API_KEY": "sk-..."}`);
  if ((stat.mode & 0o077) !== 0) return refuse(`${path} is readable by other users; run: chmod 600 ${path}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return refuse(`${path} is not valid JSON (${(error as Error).message}); it should look like {"ANTHROPIC_API_KEY": "sk-..."}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return refuse(`${path} must hold one JSON object of environment-variable names to keys`);
  }
  return { keys: Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string")), problem: null };
}

/**
 * Sets (or, with null, removes) one entry of `keys.json`, keeping the others; throws the
 * file's problem (one line) when it cannot be read safely. The file is
 * written beside the old one with mode 600 and renamed over it, so a crash leaves either copy.
 */
export function setKeysFileEntry(dataDir: string, name: string, value: string | null): void {
  const current = readKeysFile(dataDir);
  // A broken file is left for the user to mend: rewriting it would lose the keys it holds.
  if (current.problem) throw new Error(current.problem);
  const keys: Record<string, string> = { ...current.keys };
  if (value === null) delete keys[name];
  else keys[name] = value;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, "keys.json");
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
