import { createTwoFilesPatch } from "diff";

/** koda's MAX_PREVIEW_LINES: enough to judge an edit in an approval prompt. */
const MAX_LINES = 40;

/** A unified diff of the change, without createTwoFilesPatch's "Index:" and "===" header lines. */
export function unifiedDiff(name: string, before: string, after: string): { diff: string; truncated: boolean } {
  const lines = createTwoFilesPatch(name, name, before, after, "", "", { context: 3 }).split("\n").slice(2);
  if (lines.at(-1) === "") lines.pop();
  return { diff: lines.slice(0, MAX_LINES).join("\n"), truncated: lines.length > MAX_LINES };
}
