/**
 * The paths a word may name, for the check that no command reaches Ursa's data directory:
 * the word itself when it looks like a path, an option's value (`--db=~/x`, `-f~/x`), and
 * every path-looking token inside it (a script or SQL text quoting a file). Over-listing costs
 * only a lookup; missing one would let `cp ~/.local/share/ursa/keys.json .` through.
 */
export function namedPaths(value: string, raw: string): string[] {
  const out = new Set<string>();
  const add = (candidate: string) => {
    if (looksLikePath(candidate)) out.add(candidate.replace(/\/+$/, "") || "/");
  };
  add(value);
  const eq = value.indexOf("=");
  if (eq >= 0) add(value.slice(eq + 1));
  if (value.startsWith("-")) {
    const slash = value.search(/[~/]/);
    if (slash > 0) add(value.slice(slash));
  }
  for (const text of [value, raw]) for (const token of text.split(/[\s'"`;:,=()<>|&]+/)) add(token);
  return [...out];
}

function looksLikePath(text: string): boolean {
  // A `$` or backquote left in it: an expansion nobody can know before it runs.
  if (/[$`]/.test(text)) return false;
  return text.includes("/") || text === "~" || text.startsWith("~/");
}
