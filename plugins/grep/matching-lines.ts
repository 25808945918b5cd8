/** One line that contains the pattern. */
export interface LineMatch {
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/** Where the pattern next occurs in `text` at or after `from`, or -1. */
export type Finder = (text: string, from: number) => number;

/**
 * A finder for a literal pattern, built once per search: `indexOf` when case matters; otherwise
 * one regular expression of the escaped literal, reused for every file.
 */
export function literalFinder(pattern: string, caseInsensitive: boolean): Finder {
  if (!caseInsensitive) return (text, from) => text.indexOf(pattern, from);
  const regex = new RegExp(pattern.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"), "gi");
  return (text, from) => {
    regex.lastIndex = from;
    return regex.exec(text)?.index ?? -1;
  };
}

/**
 * The lines of `text` where `find` matches, each line once, at most `limit` of them. Lines are
 * counted only up to matches, so a file without one costs a single search.
 */
export function matchingLines(text: string, find: Finder, limit: number, maxChars: number): LineMatch[] {
  const out: LineMatch[] = [];
  let line = 1;
  let lineStart = 0;
  for (let at = find(text, 0); at !== -1 && out.length < limit; ) {
    for (let nl = text.indexOf("\n", lineStart); nl !== -1 && nl < at; nl = text.indexOf("\n", lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    const newline = text.indexOf("\n", at);
    const lineEnd = newline === -1 ? text.length : newline;
    out.push({ line, text: cut(text.slice(lineStart, text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd), maxChars) });
    if (newline === -1) break;
    line++;
    lineStart = newline + 1;
    at = find(text, lineStart);
  }
  return out;
}

/** The first `max` UTF-16 units, never splitting a surrogate pair. */
function cut(line: string, max: number): string {
  if (line.length <= max) return line;
  const code = line.charCodeAt(max - 1);
  return line.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
