import type { LineChangeCounter, LineChanges } from "../../core/ports/line-changes.ts";
import { DIFF_LIMITS } from "../../core/domain/diff-limits.ts";
import { splitLines } from "../../core/domain/text-lines.ts";

/** LineChangeCounter over jsdiff's diffLines (loaded on the first count). */
export class JsdiffLineChanges implements LineChangeCounter {
  async count(before: string, after: string): Promise<LineChanges> {
    // Most texts too different to diff are told apart by counting, without running the diff.
    // Past either limit the count is the whole file replaced: an approximation, never a stall.
    if (editsAtLeast(before, after) > DIFF_LIMITS.maxEditLength) return { added: splitLines(after).length, removed: splitLines(before).length };
    const { diffLines } = await import("diff");
    // A missing final line break changes no line (as splitLines counts them).
    const changes = diffLines(before, after, { ...DIFF_LIMITS, ignoreNewlineAtEof: true });
    if (changes === undefined) return { added: splitLines(after).length, removed: splitLines(before).length };
    let added = 0;
    let removed = 0;
    for (const change of changes) {
      if (change.added) added += change.count;
      else if (change.removed) removed += change.count;
    }
    return { added, removed };
  }
}

/**
 * A lower bound of the lines a diff must insert plus remove: a line can only be kept as many
 * times as it occurs in both texts. Linear, so a full rewrite never pays for the capped diff
 * (about 400 ms on 20,000 lines, blocking the event loop).
 */
function editsAtLeast(before: string, after: string): number {
  const left = new Map<string, number>();
  const beforeLines = splitLines(before);
  for (const line of beforeLines) left.set(line, (left.get(line) ?? 0) + 1);
  const afterLines = splitLines(after);
  let kept = 0;
  for (const line of afterLines) {
    const n = left.get(line) ?? 0;
    if (n > 0) {
      kept++;
      left.set(line, n - 1);
    }
  }
  return beforeLines.length + afterLines.length - 2 * kept;
}
