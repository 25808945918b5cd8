import type { TodoDiff, TodoItem } from "../domain/engine-event.ts";
import type { TodoEdit } from "../domain/todo-edit.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";

/** Matches items by content: a renamed item counts as one removal and one addition. */
export function diffTodos(before: readonly TodoItem[], after: readonly TodoItem[]): TodoDiff {
  const old = new Map(before.map((item) => [item.content, item]));
  const next = new Map(after.map((item) => [item.content, item]));
  return {
    added: after.filter((item) => !old.has(item.content)),
    removed: before.filter((item) => !next.has(item.content)),
    changed: after
      .filter((item) => {
        const prior = old.get(item.content);
        return prior !== undefined && (prior.status !== item.status || prior.priority !== item.priority);
      })
      .map((after) => ({ before: old.get(after.content)!, after })),
  };
}

/** The model-facing rendering, also used to tell the model about the user's edits. */
export function formatTodos(items: readonly TodoItem[]): string {
  if (items.length === 0) return "Todo list cleared.";
  const done = items.filter((i) => i.status === "completed").length;
  const lines = items.map((i) => `  ${i.status === "completed" ? "[x]" : i.status === "in_progress" ? "[→]" : "[ ]"} ${i.content}${i.priority === "high" ? " ⚡" : ""}`);
  return `Todo list (${done}/${items.length} done):\n${lines.join("\n")}`;
}

/**
 * A session's todo list: stored as session metadata, replaced whole by the model's TodoWrite,
 * edited item by item by the user. Every real change is announced; an identical write is not.
 */
export class TodoList {
  readonly #store: Pick<SessionCatalog, "getTodo" | "setTodo">;
  readonly #sessionId: string;
  readonly #announce: (items: readonly TodoItem[], diff: TodoDiff) => void;

  constructor(store: Pick<SessionCatalog, "getTodo" | "setTodo">, sessionId: string, announce: (items: readonly TodoItem[], diff: TodoDiff) => void) {
    this.#store = store;
    this.#sessionId = sessionId;
    this.#announce = announce;
  }

  async read(): Promise<TodoItem[]> {
    const stored = await this.#store.getTodo(this.#sessionId);
    if (!stored) return [];
    try {
      const parsed = JSON.parse(stored) as unknown;
      return Array.isArray(parsed) ? (parsed as TodoItem[]) : [];
    } catch {
      return [];
    }
  }

  async write(items: readonly TodoItem[]): Promise<{ changed: boolean; diff: TodoDiff }> {
    const before = await this.read();
    const normalized = items.map(({ content, status, priority }) => ({ content, status, priority }));
    if (JSON.stringify(before) === JSON.stringify(normalized)) return { changed: false, diff: { added: [], removed: [], changed: [] } };
    const diff = diffTodos(before, normalized);
    await this.#store.setTodo(this.#sessionId, JSON.stringify(normalized));
    this.#announce(normalized, diff);
    return { changed: true, diff };
  }

  /** Applies a user edit; at most one item stays in progress (the edited one wins). */
  async edit(edit: TodoEdit): Promise<TodoItem[]> {
    const items = await this.read();
    const at = (index: number) => {
      if (!Number.isInteger(index) || index < 0 || index >= items.length) throw new RangeError(`no todo item ${index + 1}`);
      return items[index]!;
    };
    switch (edit.op) {
      case "add":
        if (edit.content.trim() === "") throw new RangeError("a todo item needs text");
        items.push({ content: edit.content.trim(), status: "pending", priority: edit.priority ?? "medium" });
        break;
      case "set_status":
        if (edit.status === "in_progress") items.forEach((item, i) => i !== edit.index && item.status === "in_progress" && (items[i] = { ...item, status: "pending" }));
        items[edit.index] = { ...at(edit.index), status: edit.status };
        break;
      case "edit":
        items[edit.index] = { ...at(edit.index), content: edit.content.trim() };
        break;
      case "remove":
        at(edit.index);
        items.splice(edit.index, 1);
        break;
    }
    await this.write(items);
    return items;
  }
}
