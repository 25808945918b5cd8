import { createTwoFilesPatch } from "diff";
import type { FileDiff } from "../../../core/domain/file-change.ts";
import type { Key } from "../keys.ts";
import { sanitize, span, type StyledLine } from "../view-model/styled.ts";
import { ScrollText, type Modal } from "./modal.ts";

/** One file's change in one turn as a coloured unified diff. */
export class DiffModal implements Modal {
  readonly sessionId = null;
  readonly hint = "↑/↓ PgUp/PgDn scroll · Esc close";
  readonly title: string;
  readonly #lines: StyledLine[];
  readonly #scroll = new ScrollText();

  constructor(name: string, diff: FileDiff) {
    this.title = ` ${name} `;
    this.#lines = diffLines(name, diff);
  }

  rows(width: number, height: number): StyledLine[] {
    return this.#scroll.rows(this.#lines, width, height);
  }

  key(key: Key): boolean {
    if (this.#scroll.key(key)) return false;
    return key.name === "escape" || key.name === "enter" || key.ch === "q";
  }
}

/** The diff's lines, styled; a note first when the content before is unknown. */
export function diffLines(name: string, diff: FileDiff): StyledLine[] {
  const notes: StyledLine[] = [];
  if (!diff.exact) notes.push([span("A command changed this file; its earlier content is unknown, so this is the file as it is now.", "dim")], []);
  const before = diff.exact ? (diff.before ?? "") : "";
  const patch = createTwoFilesPatch(diff.before === null ? "/dev/null" : `a/${name}`, diff.after === null ? "/dev/null" : `b/${name}`, before, diff.after ?? "", "", "", { context: 3 });
  // Past the "====" rule the patch format starts with.
  const body = sanitize(patch).split("\n").slice(1);
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
