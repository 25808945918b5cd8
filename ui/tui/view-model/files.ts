import type { FileChange } from "../../../core/domain/file-change.ts";
import { sanitize, span, truncateLine, type Style, type StyledLine } from "./styled.ts";
import { counted } from "../../../core/domain/format.ts";

const KIND: Record<FileChange["kind"], { mark: string; style: Style }> = {
  created: { mark: "A", style: "add" },
  modified: { mark: "M", style: "warn" },
  deleted: { mark: "D", style: "del" },
};

/** The files pane: what the session's agent changed, grouped by turn, with +/- counts. */
export class FilesModel {
  changes: readonly FileChange[] = [];
  /** Index into `ordered()`, the row Enter opens a diff of. */
  selected = -1;
  readonly #root: string;

  constructor(projectRoot: string) {
    this.#root = projectRoot.endsWith("/") ? projectRoot : `${projectRoot}/`;
  }

  set(changes: readonly FileChange[]): void {
    this.changes = changes;
  }

  add(change: FileChange): void {
    this.changes = [...this.changes, change];
  }

  /** The changes in display order: grouped by turn, turns in the order they happened. */
  ordered(): FileChange[] {
    return this.#turns().flatMap((t) => t.changes);
  }

  move(delta: number): void {
    const count = this.changes.length;
    if (count === 0) return;
    this.selected = this.selected < 0 ? (delta < 0 ? count - 1 : 0) : Math.max(0, Math.min(count - 1, this.selected + delta));
  }

  current(): FileChange | null {
    return this.ordered()[this.selected] ?? null;
  }

  #turns(): { turnId: string; at: number; changes: FileChange[] }[] {
    const turns: { turnId: string; at: number; changes: FileChange[] }[] = [];
    for (const c of this.changes) {
      const t = turns.at(-1)?.turnId === c.turnId ? turns.at(-1)! : turns.find((x) => x.turnId === c.turnId);
      if (t) t.changes.push(c);
      else turns.push({ turnId: c.turnId, at: c.at, changes: [c] });
    }
    return turns;
  }

  rows(width: number, height: number, focused = false): StyledLine[] {
    const added = this.changes.reduce((n, c) => n + c.added, 0);
    const removed = this.changes.reduce((n, c) => n + c.removed, 0);
    const files = new Set(this.changes.map((c) => c.path)).size;
    const head: StyledLine = [span(`${counted(files, "file")} `, "dim"), span(`+${added}`, "add"), span(` -${removed}`, "del"), span("  ↑↓ Enter diff · u undo turn", "dim")];
    if (this.changes.length === 0) return [truncateLine(head, width), [span("no changes", "dim")]];
    const rows: StyledLine[] = [];
    let index = 0;
    let selectedRow = -1;
    this.#turns().forEach((t, i) => {
      rows.push([span(`turn ${i + 1} · ${clock(t.at)}`, "dim")]);
      for (const c of t.changes) {
        const k = KIND[c.kind];
        const path = sanitize(c.path.startsWith(this.#root) ? c.path.slice(this.#root.length) : c.path);
        const mark = focused && index === this.selected;
        if (mark) selectedRow = rows.length;
        rows.push(truncateLine([span(mark ? "› " : "  "), span(`${k.mark} `, k.style), span(path), span(` +${c.added}`, "add"), span(` -${c.removed}`, "del"), ...(c.undoable ? [] : [span(" (no undo)", "dim")])], width));
        index++;
      }
    });
    // The newest turns matter most: when the pane is short, show the end (or the selected row).
    const room = height - 1;
    const end = selectedRow >= 0 ? Math.max(Math.min(rows.length, selectedRow + 1), Math.min(rows.length, room)) : rows.length;
    return [truncateLine(head, width), ...rows.slice(Math.max(0, end - room), end)];
  }
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
