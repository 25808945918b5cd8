import { statSync } from "node:fs";
import { join } from "node:path";
import { readKeysFile } from "./keys-file.ts";
import { PROVIDER_KEY_LABELS, PROVIDER_KEY_VARIABLES } from "./providers.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The sync service's token (docs/sync.md): a secret like the provider keys. */
export const SYNC_TOKEN_VARIABLE = "URSA_SYNC_TOKEN";

/** Shorter values are not keys, and redacting them would mangle ordinary output. */
const MIN_SECRET_LENGTH = 6;

/** The names of every secret Ursa holds: provider keys, the sync token, whatever keys.json names. */
function secretVariables(keys: Readonly<Record<string, string>>): ReadonlySet<string> {
  return new Set([...PROVIDER_KEY_VARIABLES, SYNC_TOKEN_VARIABLE, ...Object.keys(keys)]);
}

/**
 * Those names, each with what it holds in words ("your Anthropic API key"): the plugin consent
 * screen flags a plugin asking to read one.
 */
export function describeSecretVariables(keys: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const words = new Map<string, string>();
  for (const name of secretVariables(keys)) {
    const provider = PROVIDER_KEY_LABELS.get(name);
    words.set(name, provider ? `your ${provider} API key` : name === SYNC_TOKEN_VARIABLE ? "your Ursa sync token" : "a key from your keys.json");
  }
  return words;
}

/**
 * The values of those secrets, from the environment and from keys.json: tool output is
 * redacted of every one of them before it is stored or sent (core/domain/secret-redaction.ts).
 */
export function secretValues(env: Env, keys: Readonly<Record<string, string>>): readonly string[] {
  const values = new Set<string>();
  for (const name of secretVariables(keys)) {
    for (const value of [env[name], keys[name]]) if (value && value.length >= MIN_SECRET_LENGTH) values.add(value);
  }
  return [...values];
}

/**
 * secretValues as they are now: keys.json is read again when it changed, since a key written
 * there while Ursa runs is used by the next request (providers.ts) and must be redacted from
 * then on too. Values seen before stay (a key taken out of the file may still be in the history).
 */
export function currentSecretValues(env: Env, dataDir: string, keysAtStart: Readonly<Record<string, string>>): () => readonly string[] {
  const path = join(dataDir, "keys.json");
  let seen = secretValues(env, keysAtStart);
  let stamp: number | null = null;
  return () => {
    const changed = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (changed !== stamp) {
      stamp = changed;
      seen = [...new Set([...seen, ...secretValues(env, readKeysFile(dataDir).keys)])];
    }
    return seen;
  };
}

/**
 * The environment for processes Ursa starts on the model's behalf (Bash commands, plugin
 * children, MCP servers): Ursa's own without its secrets, so `env` or a script cannot read a key. A variable
 * that merely copies a secret's value (`MY_KEY=$OPENAI_API_KEY`) goes too.
 */
export function childEnvironment(env: Env, keys: Readonly<Record<string, string>>): Record<string, string> {
  const names = secretVariables(keys);
  const values = new Set(secretValues(env, keys));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || names.has(name) || values.has(value)) continue;
    out[name] = value;
  }
  return out;
}
