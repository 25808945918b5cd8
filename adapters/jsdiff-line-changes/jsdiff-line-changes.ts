import type { LineChangeCounter, LineChanges } from "../../core/ports/line-changes.ts";
import { splitLines } from "../../core/domain/text-lines.ts";

/**
 * Past this many inserted plus removed lines the diff gives up and the change counts as the
 * whole file replaced: an unbounded diff of a 20,000-line rewrite takes seconds (O((N+M)·D)),
 * capped it takes a few hundred milliseconds (test/bench, "line changes of a 20,000-line rewrite").
 */
const MAX_EDIT_LENGTH = 2_000;

/** LineChangeCounter over jsdiff's diffLines (loaded on the first count). */
export class JsdiffLineChanges implements LineChangeCounter {
  async count(before: string, after: string): Promise<LineChanges> {
    const { diffLines } = await import("diff");
    // A missing final line break changes no line (as splitLines counts them).
    const changes = diffLines(before, after, { maxEditLength: MAX_EDIT_LENGTH, ignoreNewlineAtEof: true });
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
