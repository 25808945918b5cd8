/**
 * Secrets in text, in two strengths. Tool output is stored and sent to the model with the
 * values of Ursa's own keys removed (redactKnownSecrets): a key printed by `env`, read from a
 * copy of keys.json or echoed back by a server. Text that leaves the machine (sync) is also
 * cleared of anything shaped like a key (redactSecrets): a key the user pasted into a prompt is
 * not one of this machine's. Pattern matching stays out of tool output on purpose: a project
 * with test fixtures full of fake keys must still be readable by the model.
 *
 * Every pattern stops at quotes and backslashes and the replacement holds neither, so a JSON
 * text (tool call arguments) stays valid JSON after redaction.
 */
export const REDACTED = "[REDACTED]";

/** Known key shapes. Order matters only for readability: each match is replaced whole. */
export const SECRET_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: "Anthropic key", pattern: /sk-ant-[A-Za-z0-9_-]{16,}/g },
  { name: "OpenAI-style key", pattern: /\bsk-[A-Za-z0-9_-]{16,}/g },
  { name: "GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g },
  { name: "AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: "Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
];

/** A secret that is recognised by what stands before it; only the value (group 2) is replaced. */
const LABELLED: readonly RegExp[] = [
  // aws_secret_access_key = abc… / "AWS_SECRET_ACCESS_KEY": "abc…"
  /(aws_secret_access_key["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  // Authorization: Bearer <token>
  /(\bbearer\s+)([A-Za-z0-9._~+/=-]{12,})/gi,
];

/** Values shorter than this are not treated as secrets: they would redact ordinary words. */
const MIN_KNOWN_VALUE_LENGTH = 8;

/**
 * Every pattern above needs one of these; text without any (most text) skips the patterns, which
 * keeps redacting a 1,000-row push to a few milliseconds.
 */
const MAY_HOLD_PATTERN = /sk-|gh[pousr]_|github_pat_|AKIA|ASIA|AIza|xox[abprs]-|bearer|aws_secret_access_key/i;

/** `text` with every occurrence of a known secret value replaced by [REDACTED]. */
export function redactKnownSecrets(text: string, knownValues: readonly string[]): string {
  let out = text;
  // Longest first, so a key that contains another is replaced whole.
  for (const value of [...knownValues].sort((a, b) => b.length - a.length)) {
    if (value.length < MIN_KNOWN_VALUE_LENGTH) continue;
    // Also the JSON-escaped spelling, for values inside tool call arguments.
    for (const spelling of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      if (out.includes(spelling)) out = out.split(spelling).join(REDACTED);
    }
  }
  return out;
}

/** `text` with every known secret value and everything shaped like a key replaced by [REDACTED]. */
export function redactSecrets(text: string, knownValues: readonly string[] = []): string {
  let out = redactKnownSecrets(text, knownValues);
  if (!MAY_HOLD_PATTERN.test(out)) return out;
  for (const { pattern } of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  for (const pattern of LABELLED) out = out.replace(pattern, (_m, label: string) => `${label}${REDACTED}`);
  return out;
}

export function containsSecret(text: string, knownValues: readonly string[] = []): boolean {
  return redactSecrets(text, knownValues) !== text;
}

/**
 * A message's texts as they may leave the machine. Thinking is signed by the provider: a
 * redacted thinking text would no longer match its signature, so when it holds a secret the
 * thinking and its signature are dropped together.
 */
export function redactMessageTexts<T extends { content: string | null; fullContent: string | null; toolCalls: string | null; thinking: string | null; thinkingSignature: string | null }>(
  message: T,
  knownValues: readonly string[],
): T {
  const redact = (value: string | null): string | null => (value === null ? null : redactSecrets(value, knownValues));
  const thinkingLeaks = message.thinking !== null && containsSecret(message.thinking, knownValues);
  return {
    ...message,
    content: redact(message.content),
    fullContent: redact(message.fullContent),
    toolCalls: redact(message.toolCalls),
    thinking: thinkingLeaks ? null : message.thinking,
    thinkingSignature: thinkingLeaks ? null : message.thinkingSignature,
  };
}
