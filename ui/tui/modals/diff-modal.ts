import { DIFF_LIMITS } from "../../../core/domain/diff-limits.ts";
import type { FileDiff } from "../../../core/domain/file-change.ts";
import { splitLines } from "../../../core/domain/text-lines.ts";
import type { Key } from "../keys.ts";
import { sanitize, span, type StyledLine } from "../view-model/styled.ts";
import { ScrollText, type Modal } from "./modal.ts";
import { counted } from "../../../core/domain/format.ts";

/** One file's change in one turn as a coloured unified diff. */
export class DiffModal implements Modal {
  readonly sessionId = null;
  readonly hint = "↑/↓ PgUp/PgDn scroll · Esc close";
  readonly title: string;
  readonly #lines: StyledLine[];
  readonly #scroll = new ScrollText();

  /** The modal for a change, its diff computed first (jsdiff, loaded on the first diff shown). */
  static async open(name: string, diff: FileDiff): Promise<DiffModal> {
    return new DiffModal(name, await diffLines(name, diff));
  }

  private constructor(name: string, lines: StyledLine[]) {
    this.title = ` ${name} `;
    this.#lines = lines;
  }

  rows(width: number, height: number): StyledLine[] {
    return this.#scroll.rows(this.#lines, width, height);
  }

  key(key: Key): boolean {
    if (this.#scroll.key(key)) return false;
    return key.name === "escape" || key.name === "enter" || key.ch === "q";
  }
}


/** The diff's lines, styled; a note first when the content before is unknown or too different to diff. */
export async function diffLines(name: string, diff: FileDiff): Promise<StyledLine[]> {
  const { createTwoFilesPatch } = await import("diff");
  const notes: StyledLine[] = [];
  if (!diff.exact) notes.push([span("A command changed this file; its earlier content is unknown, so this is the file as it is now.", "dim")], []);
  const before = diff.exact ? (diff.before ?? "") : "";
  const after = diff.after ?? "";
  const patch = createTwoFilesPatch(diff.before === null ? "/dev/null" : `a/${name}`, diff.after === null ? "/dev/null" : `b/${name}`, before, after, "", "", { context: 3, ...DIFF_LIMITS });
  // Past the "====" rule the patch format starts with.
  const body = patch === undefined ? wholeFileReplaced(before, after, notes) : sanitize(patch).split("\n").slice(1);
  return [
    ...notes,
    ...body.map((line): StyledLine => {
      if (line.startsWith("+")) return [span(line, "add")];
      if (line.startsWith("-")) return [span(line, "del")];
      if (line.startsWith("@@")) return [span(line, "accent")];
      return [span(line)];
    }),
  ];
}

/** Every line before removed and every line after added, under a note saying why. */
function wholeFileReplaced(before: string, after: string, notes: StyledLine[]): string[] {
  notes.push([span(`Too many lines changed to show them one by one: the whole file, ${counted(splitLines(before).length, "line")}, is replaced by ${splitLines(after).length}.`, "dim")], []);
  return [...splitLines(sanitize(before)).map((l) => `-${l}`), ...splitLines(sanitize(after)).map((l) => `+${l}`)];
}
