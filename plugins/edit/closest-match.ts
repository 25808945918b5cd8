/**
 * When old_str is not in the file, tells the model where the text it meant probably is, so it
 * can copy it exactly instead of guessing again: first a match that differs only in whitespace
 * (the most common slip: indentation), else the most similar run of lines.
 */
const SHOWN_LINES = 10;
const MIN_SIMILARITY = 0.5;
/** Bounds the line comparisons on a huge file; beyond it only old_str's first lines are compared. */
const MAX_COMPARISONS = 3_000_000;

export function closestMatchHint(text: string, oldStr: string): string {
  return whitespaceHint(text, oldStr) ?? similarLinesHint(text, oldStr) ?? "Nothing similar was found: Read the file to see its current content.";
}

function whitespaceHint(text: string, oldStr: string): string | null {
  const target = collapseWhitespace(oldStr).text.trim();
  if (target === "") return null;
  const collapsed = collapseWhitespace(text);
  const at = collapsed.text.indexOf(target);
  if (at < 0) return null;
  const first = collapsed.lines[at]!;
  const last = collapsed.lines[at + target.length - 1]!;
  const fileIndent = leadingWhitespace(text.split("\n")[first - 1] ?? "");
  const oldIndent = leadingWhitespace(oldStr.split("\n").find((line) => line.trim() !== "") ?? "");
  const tabs = (indent: string) => (indent.includes("\t") ? "tabs" : indent ? "spaces" : "");
  const [fileKind, oldKind] = [tabs(fileIndent), tabs(oldIndent)];
  const why = fileKind && oldKind && fileKind !== oldKind ? `the file indents with ${fileKind} where old_str uses ${oldKind}` : "only whitespace or indentation differs";
  const verb = first === last ? "matches" : "match";
  return `${linesLabel(first, last)} ${verb} old_str except for whitespace (${why}). The file has:\n${numbered(text, first, last)}\nCopy that text exactly.`;
}

function similarLinesHint(text: string, oldStr: string): string | null {
  const textLines = text.split("\n");
  const wanted = oldStr.split("\n");
  if (wanted.length > 1 && wanted.at(-1) === "") wanted.pop();
  const window = Math.min(wanted.length, textLines.length);
  const compared = Math.max(1, Math.min(window, Math.floor(MAX_COMPARISONS / textLines.length)));
  const fileGrams = textLines.map((line) => bigrams(normalize(line)));
  const wantedGrams = wanted.slice(0, compared).map((line) => bigrams(normalize(line)));
  // A one-line old_str is often a fragment of a longer line: score how much of it the line contains.
  const score = wanted.length === 1 ? containment : dice;
  let best = { start: -1, similarity: 0 };
  for (let start = 0; start + window <= textLines.length; start++) {
    let sum = 0;
    for (let j = 0; j < compared; j++) sum += score(fileGrams[start + j]!, wantedGrams[j]!);
    const similarity = sum / compared;
    if (similarity > best.similarity) best = { start, similarity };
  }
  if (best.similarity < MIN_SIMILARITY) return null;
  const first = best.start + 1;
  const last = best.start + window;
  return `The most similar text is at ${linesLabel(first, last).toLowerCase()} (${Math.round(best.similarity * 100)}% similar):\n${numbered(text, first, last)}\nIf that is the text you meant, copy it exactly; otherwise Read the file.`;
}

/** Runs of whitespace become one space; `lines[i]` is the 1-based line of the output's character i. */
export function collapseWhitespace(text: string): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  let line = 1;
  let space = false;
  for (const piece of text.split(/(\s+)/)) {
    if (piece === "") continue;
    if (/^\s/.test(piece)) {
      if (!space) {
        out.push(" ");
        lines.push(line);
      }
      space = true;
      line += piece.split("\n").length - 1;
      continue;
    }
    out.push(piece);
    for (let i = 0; i < piece.length; i++) lines.push(line);
    space = false;
  }
  return { text: out.join(""), lines };
}

function normalize(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}

/** Character pairs with their counts; a one-character line counts as its character. */
function bigrams(line: string): Map<string, number> {
  const grams = new Map<string, number>();
  if (line.length === 1) grams.set(line, 1);
  for (let i = 0; i + 1 < line.length; i++) {
    const gram = line.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function shared(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  for (const [gram, count] of a) common += Math.min(count, b.get(gram) ?? 0);
  return common;
}

function size(grams: Map<string, number>): number {
  let total = 0;
  for (const count of grams.values()) total += count;
  return total;
}

/** Sørensen–Dice similarity of two lines' bigrams; two blank lines are equal. */
function dice(a: Map<string, number>, b: Map<string, number>): number {
  const total = size(a) + size(b);
  return total === 0 ? 1 : (2 * shared(a, b)) / total;
}

/** How much of the wanted line's bigrams the file line contains. */
function containment(line: Map<string, number>, wanted: Map<string, number>): number {
  const total = size(wanted);
  return total === 0 ? (size(line) === 0 ? 1 : 0) : shared(line, wanted) / total;
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
