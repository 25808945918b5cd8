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

/**
 * The paths in shell text the grammar could not read, so cannot split into words: every token
 * between spaces, quotes and operators (`>`, `2>`, `&>`, `<(`, `$(`, `)`, backquotes, `;`, `|`,
 * `&&`, `=`), as a path written right against one (`x>~/.local/share/ursa/k`) names it all the
 * same. An extglob group (`@(ursa|x)`, often why the grammar gave up) stays part of its path,
 * and a brace list (`{ursa,x}`) too; the words between spaces are kept as well, for groups
 * nested deeper than that split leaves whole (`@(ursa|@(x|y))`).
 */
export function pathsInUnreadText(text: string): string[] {
  const split = text.match(/(?:[@!?*+]\([^()\s'"`]*\)|[^\s'"`;:=()<>|&])+/g) ?? [];
  const tokens = new Set([...text.split(/[\s;'"]+/), ...split]);
  return [...tokens].filter((token) => /^[~/.]/.test(token) || token.includes("/"));
}

function looksLikePath(text: string): boolean {
  // A `$` or backquote left in it: an expansion nobody can know before it runs.
  if (/[$`]/.test(text)) return false;
  return text.includes("/") || text === "~" || text.startsWith("~/");
}
