/** What a secret's value becomes in tool output. */
export const REDACTED = "[REDACTED: an API key Ursa holds]";

/**
 * Replaces every occurrence of a known secret (a provider key, the sync token) in text that is
 * about to be stored or sent: a key printed by a program, read from a copy of keys.json or
 * echoed back by a server must not reach the database or the model. Longest first, so a key
 * that contains another is replaced whole.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret !== "" && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
