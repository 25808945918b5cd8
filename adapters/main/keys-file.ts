import { readFileSync, statSync } from "node:fs";
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
