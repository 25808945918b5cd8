/**
 * Counts the lines added and removed between two texts (Myers' O(ND) diff on lines, after the
 * common prefix and suffix are trimmed). Used for the files pane's +/- figures and a change's
 * record; the previews shown before approval come from the tools themselves.
 *
 * An exact count costs O((N+M)·D): a rewrite of a 20,000-line file took 14 s here (and as long
 * with the `diff` and `diff-sequences` packages, which compute the same thing). Past
 * MAX_EXACT_EDITS edits the count is taken from the lines the texts share regardless of order:
 * exact for a rewrite, and never more than the true figures otherwise.
 */
export function countLineChanges(before: string, after: string): { added: number; removed: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  // Trim the common prefix and suffix first: most edits touch a small region.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const distance = shortestEditDistance(x, y, MAX_EXACT_EDITS);
  const kept = distance === null ? sharedLines(x, y) : (x.length + y.length - distance) / 2;
  return { added: y.length - kept, removed: x.length - kept };
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const MAX_EXACT_EDITS = 2_000;

/** How many lines `a` and `b` have in common, counted as multisets (order ignored). */
function sharedLines(a: readonly string[], b: readonly string[]): number {
  const left = new Map<string, number>();
  for (const line of a) left.set(line, (left.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of b) {
    const n = left.get(line);
    if (n) {
      shared++;
      left.set(line, n - 1);
    }
  }
  return shared;
}

/** The number of insertions plus deletions turning `a` into `b`, or null when it exceeds `limit`. */
function shortestEditDistance(a: readonly string[], b: readonly string[], limit: number): number | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, limit);
  if (max === 0) return 0;
  const v = new Int32Array(2 * max + 2);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!);
      let x = down ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return d;
    }
  }
  return max === n + m ? max : null;
}
