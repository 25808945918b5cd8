import type { StructuredPatch } from "diff";
import { DIFF_LIMITS, splitLines } from "#plugin-api";

/** koda's MAX_PREVIEW_LINES: enough to judge an edit in an approval prompt. */
const MAX_LINES = 40;

export interface EditDiff {
  /** A unified diff of the change, without the "Index:" and "===" header lines, at most MAX_LINES long. */
  readonly diff: string;
  readonly truncated: boolean;
  readonly added: number;
  readonly removed: number;
}

/** The change an edit makes, for its approval preview and its result line (jsdiff, loaded on the first edit). */
export async function editDiff(name: string, before: string, after: string): Promise<EditDiff> {
  const { formatPatch, structuredPatch } = await import("diff");
  const patch = structuredPatch(name, name, before, after, "", "", { context: 3, ...DIFF_LIMITS }) ?? wholeFileReplaced(name, before, after);
  const changed = patch.hunks.flatMap((h) => h.lines);
  const lines = formatPatch(patch).split("\n").slice(2);
  if (lines.at(-1) === "") lines.pop();
  return {
    diff: lines.slice(0, MAX_LINES).join("\n"),
    truncated: lines.length > MAX_LINES,
    added: changed.filter((l) => l.startsWith("+")).length,
    removed: changed.filter((l) => l.startsWith("-")).length,
  };
}

/** One hunk: every line before removed, every line after added. */
function wholeFileReplaced(name: string, before: string, after: string): StructuredPatch {
  const old = splitLines(before);
  const now = splitLines(after);
  return {
    oldFileName: name, newFileName: name, oldHeader: "", newHeader: "",
    hunks: [{ oldStart: old.length > 0 ? 1 : 0, oldLines: old.length, newStart: now.length > 0 ? 1 : 0, newLines: now.length, lines: [...old.map((l) => `-${l}`), ...now.map((l) => `+${l}`)] }],
  };
}
