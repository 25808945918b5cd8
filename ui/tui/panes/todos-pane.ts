import type { TodoEdit } from "../../../core/domain/todo-edit.ts";
import { PromptModal } from "../modals/simple-modals.ts";
import { span } from "../view-model/styled.ts";
import { definePane } from "./pane-spec.ts";

/** The session's todo list; the user can add, tick and remove items too. */
export const todosPane = definePane({
  id: "todos",
  title: "Todos",
  dock: "right",
  order: 40,
  focusable: true,
  width: 36,
  share: 0.45,
  needs: ["current", "ensureSession", "openModal", "notify", "redraw", "setFocus"],
  create: (host) => {
    const edit = async (change: TodoEdit): Promise<void> => {
      const view = await host.ensureSession();
      if (!view) return;
      try {
        view.todos.set(await view.handle.editTodos(change));
      } catch (error) {
        host.notify((error as Error).message);
      }
      host.redraw();
    };
    return {
      render: ({ width, height }, focused) => {
        const todos = host.current()?.todos;
        return { rows: todos ? todos.rows(width, height, focused) : [[span("no session yet", "dim")]] };
      },
      key(key) {
        const todos = host.current()?.todos;
        const item = todos?.selected() ?? null;
        if (key.name === "up" || key.name === "down") todos?.move(key.name === "up" ? -1 : 1);
        else if (key.ch === "a") host.openModal(new PromptModal("Add todo", "What needs doing?", "", (content) => void edit({ op: "add", content })));
        else if ((key.ch === "x" || key.ch === " ") && todos && item) void edit({ op: "set_status", index: todos.index, status: todos.nextStatus(item) });
        else if ((key.ch === "d" || key.name === "delete") && todos && item) void edit({ op: "remove", index: todos.index });
        else return false;
        return true;
      },
      wheel: (delta) => host.current()?.todos.move(Math.sign(delta)),
      commands: [{ name: "todos", args: "", help: "focus the todos pane", run: () => host.setFocus("todos") }],
    };
  },
});
