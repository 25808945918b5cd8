/**
 * When old_str is not in the file, tells the model where the text it meant probably is, so it
 * can copy it exactly instead of guessing again: first a match that differs only in whitespace
 * (the most common slip: indentation), else the most similar run of lines.
 */
const SHOWN_LINES = 10;
const MIN_SIMILARITY = 0.5;
/** Up to this many line comparisons every window is scored; beyond, only windows around anchor lines. */
const EXHAUSTIVE_COMPARISONS = 200_000;
const ANCHORS = 3;
const CANDIDATES_PER_ANCHOR = 10;

/** A line's character pairs as sorted numbers, repeats kept: cheap to build, compare and collect. */
type Grams = Uint32Array;

export function closestMatchHint(text: string, oldStr: string): string {
  return whitespaceHint(text, oldStr) ?? similarLinesHint(text, oldStr) ?? "Nothing similar was found: Read the file to see its current content.";
}

function whitespaceHint(text: string, oldStr: string): string | null {
  const target = oldStr.replace(/\s+/g, " ").trim();
  if (target === "") return null;
  const at = text.replace(/\s+/g, " ").indexOf(target);
  if (at < 0) return null;
  const first = lineOfCollapsed(text, at);
  const last = lineOfCollapsed(text, at + target.length - 1);
  const fileIndent = leadingWhitespace(text.split("\n")[first - 1] ?? "");
  const oldIndent = leadingWhitespace(oldStr.split("\n").find((line) => line.trim() !== "") ?? "");
  const tabs = (indent: string) => (indent.includes("\t") ? "tabs" : indent ? "spaces" : "");
  const [fileKind, oldKind] = [tabs(fileIndent), tabs(oldIndent)];
  const why = fileKind && oldKind && fileKind !== oldKind ? `the file indents with ${fileKind} where old_str uses ${oldKind}` : "only whitespace or indentation differs";
  const verb = first === last ? "matches" : "match";
  return `${linesLabel(first, last)} ${verb} old_str except for whitespace (${why}). The file has:\n${numbered(text, first, last)}\nCopy that text exactly.`;
}

/**
 * The 1-based line of character `index` of the text with every whitespace run collapsed to one
 * space (found by walking the runs: the collapsed text itself is cheap to search but has no lines).
 */
export function lineOfCollapsed(text: string, index: number): number {
  let collapsed = 0;
  let line = 1;
  let end = 0;
  for (const run of text.matchAll(/\s+/g)) {
    collapsed += run.index - end;
    // In the text before this run, or this run's one space.
    if (index <= collapsed) return line;
    collapsed += 1;
    for (const ch of run[0]) if (ch === "\n") line++;
    end = run.index + run[0].length;
  }
  return line;
}

function similarLinesHint(text: string, oldStr: string): string | null {
  const textLines = text.split("\n");
  const wanted = oldStr.split("\n");
  if (wanted.length > 1 && wanted.at(-1) === "") wanted.pop();
  const window = Math.min(wanted.length, textLines.length);
  const fileGrams = textLines.map((line) => bigrams(normalize(line)));
  const wantedGrams = wanted.slice(0, window).map((line) => bigrams(normalize(line)));
  // A one-line old_str is often a fragment of a longer line: score how much of it the line contains.
  const score = wanted.length === 1 ? containment : dice;
  const windowScore = (start: number) => wantedGrams.reduce((sum, grams, j) => sum + score(fileGrams[start + j]!, grams), 0) / window;
  let best = { start: -1, similarity: 0 };
  for (const start of candidateStarts(fileGrams, wantedGrams, score)) {
    const similarity = windowScore(start);
    if (similarity > best.similarity) best = { start, similarity };
  }
  if (best.similarity < MIN_SIMILARITY) return null;
  const first = best.start + 1;
  const last = best.start + window;
  return `The most similar text is at ${linesLabel(first, last).toLowerCase()} (${Math.round(best.similarity * 100)}% similar):\n${numbered(text, first, last)}\nIf that is the text you meant, copy it exactly; otherwise Read the file.`;
}

/**
 * Where a window may start. Every position for a small file; for a large one, scoring every
 * window of a long old_str takes seconds, so only the windows that align one of old_str's most
 * distinctive lines with the file lines most like it.
 */
function candidateStarts(fileGrams: readonly Grams[], wantedGrams: readonly Grams[], score: (a: Grams, b: Grams) => number): Iterable<number> {
  const starts = fileGrams.length - wantedGrams.length + 1;
  if (fileGrams.length * wantedGrams.length <= EXHAUSTIVE_COMPARISONS) return Array.from({ length: starts }, (_, i) => i);
  const anchors = wantedGrams.map((grams, j) => ({ j, size: grams.length })).sort((a, b) => b.size - a.size).slice(0, ANCHORS);
  const chosen = new Set<number>();
  for (const { j } of anchors) {
    const top: { start: number; similarity: number }[] = [];
    for (let start = 0; start < starts; start++) {
      const similarity = score(fileGrams[start + j]!, wantedGrams[j]!);
      if (top.length === CANDIDATES_PER_ANCHOR && similarity <= top.at(-1)!.similarity) continue;
      top.push({ start, similarity });
      top.sort((a, b) => b.similarity - a.similarity);
      if (top.length > CANDIDATES_PER_ANCHOR) top.pop();
    }
    for (const { start } of top) chosen.add(start);
  }
  return chosen;
}

function normalize(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}

/** A one-character line counts as its character. */
function bigrams(line: string): Grams {
  if (line.length === 1) return Uint32Array.of(line.charCodeAt(0));
  const grams = new Uint32Array(Math.max(0, line.length - 1));
  for (let i = 0; i < grams.length; i++) grams[i] = ((line.charCodeAt(i) << 16) | line.charCodeAt(i + 1)) >>> 0;
  return grams.sort();
}

/** The size of the multiset intersection, by merging the two sorted arrays. */
function shared(a: Grams, b: Grams): number {
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common;
}

/** Sørensen–Dice similarity of two lines' bigrams; two blank lines are equal. */
function dice(a: Grams, b: Grams): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * shared(a, b)) / total;
}

/** How much of the wanted line's bigrams the file line contains. */
function containment(line: Grams, wanted: Grams): number {
  return wanted.length === 0 ? (line.length === 0 ? 1 : 0) : shared(line, wanted) / wanted.length;
}

function leadingWhitespace(line: string): string {
  return /^\s*/.exec(line)![0];
}

function linesLabel(first: number, last: number): string {
  return first === last ? `Line ${first}` : `Lines ${first}-${last}`;
}

/** The file's lines first..last (1-based), each prefixed by its number and a tab, as `cat -n` shows them. */
function numbered(text: string, first: number, last: number): string {
  const lines = text.split("\n");
  const end = Math.min(last, first + SHOWN_LINES - 1);
  const shown = lines.slice(first - 1, end).map((line, i) => `${first + i}\t${line}`);
  if (end < last) shown.push(`… ${last - end} more lines`);
  return shown.join("\n");
}
