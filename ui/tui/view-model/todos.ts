import type { TodoItem } from "../../../core/domain/engine-event.ts";
import { sanitize, span, truncateLine, type StyledLine } from "./styled.ts";

const GLYPH: Record<TodoItem["status"], string> = { pending: "☐", in_progress: "◐", completed: "☑" };

/** The todos pane: the session's list with glyphs, the item in progress highlighted, counts. */
export class TodosModel {
  items: readonly TodoItem[] = [];
  index = 0;

  set(items: readonly TodoItem[]): void {
    this.items = items;
    this.index = Math.min(this.index, Math.max(0, items.length - 1));
  }

  move(delta: number): void {
    this.index = Math.min(Math.max(0, this.index + delta), Math.max(0, this.items.length - 1));
  }

  selected(): TodoItem | null {
    return this.items[this.index] ?? null;
  }

  /** Ticking cycles pending → in progress → completed → pending. */
  nextStatus(item: TodoItem): TodoItem["status"] {
    return item.status === "pending" ? "in_progress" : item.status === "in_progress" ? "completed" : "pending";
  }

  rows(width: number, height: number, focused: boolean): StyledLine[] {
    const done = this.items.filter((i) => i.status === "completed").length;
    const active = this.items.filter((i) => i.status === "in_progress").length;
    const head: StyledLine = [span(`${done}/${this.items.length} done${active ? ` · ${active} in progress` : ""}`, "dim"), span("  a add · x tick · d del", "dim")];
    if (this.items.length === 0) return [truncateLine(head, width), [span("no todos", "dim")]];
    const room = Math.max(1, height - 1);
    const first = Math.max(0, Math.min(this.index - Math.floor(room / 2), this.items.length - room));
    const rows: StyledLine[] = [truncateLine(head, width)];
    this.items.slice(first, first + room).forEach((item, i) => {
      const text = `${GLYPH[item.status]} ${item.priority === "high" ? "! " : ""}${sanitize(item.content)}`;
      const style = focused && first + i === this.index ? "selected" : item.status === "in_progress" ? "accent" : item.status === "completed" ? "dim" : undefined;
      rows.push(truncateLine([span(text, style)], width));
    });
    return rows;
  }
}
