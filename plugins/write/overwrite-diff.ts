import { DIFF_LIMITS, splitLines } from "#plugin-api";

/** Enough to judge an overwrite in an approval prompt. */
const MAX_LINES = 40;

/** What overwriting `before` with `after` changes, as a unified diff with 2 lines of context (jsdiff, loaded on first use). */
export async function overwriteDiff(name: string, before: string, after: string): Promise<{ diff: string; truncated: boolean }> {
  const { createTwoFilesPatch } = await import("diff");
  // Past the "Index:" and "===" lines the patch format starts with.
  const lines = (createTwoFilesPatch(name, name, before, after, "", "", { context: 2, ...DIFF_LIMITS }) ?? replacedPatch(name, before, after)).split("\n").slice(2);
  return { diff: lines.slice(0, MAX_LINES).join("\n"), truncated: lines.length > MAX_LINES };
}

/** The patch of a whole file replaced, in the same format: its first lines are all the preview shows. */
function replacedPatch(name: string, before: string, after: string): string {
  const removed = splitLines(before).map((l) => `-${l}`);
  const added = splitLines(after).map((l) => `+${l}`);
  const range = (n: number) => `${n > 0 ? 1 : 0},${n}`;
  return ["Index", "===", `--- ${name}`, `+++ ${name}`, `@@ -${range(removed.length)} +${range(added.length)} @@`, ...removed, ...added, ""].join("\n");
}
