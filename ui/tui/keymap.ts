import { nextTrustMode } from "../../core/domain/trust-mode.ts";
import type { AppContext } from "./app-context.ts";
import type { Key } from "./keys.ts";
import { ConfirmModal, PromptModal } from "./modals/simple-modals.ts";
import { openFileDiff, undoLastTurn } from "./commands.ts";
import { editKey } from "./modals/modal.ts";

/** Tab order of the panes. */
const FOCUS_ORDER = ["input", "conversation", "sessions", "todos", "files"] as const;

/** Routes a key: global keys first, then an open modal, then the focused pane. */
export function handleKey(app: AppContext, key: Key): void {
  if (key.ctrl && key.name === "c") return app.ctrlC();
  const modal = app.activeModal();
  if (modal) {
    if (modal.key(key)) app.closeModal(modal);
    return app.redraw();
  }
  if (key.name === "tab" && key.shift) {
    app.setMode(nextTrustMode(app.mode()));
    return app.redraw();
  }
  if (key.name === "tab" && !(app.focus === "input" && app.palette.open)) {
    app.focus = FOCUS_ORDER[(FOCUS_ORDER.indexOf(app.focus) + 1) % FOCUS_ORDER.length]!;
    return app.redraw();
  }
  if (key.name === "escape") {
    const session = app.current();
    if (app.palette.open) app.palette.close();
    else if (session?.handle.isRunning) {
      session.handle.interrupt();
      app.notify("interrupting…");
    } else app.focus = "input";
    return app.redraw();
  }
  if (key.meta && ["left", "right", "up", "down"].includes(key.name)) {
    app.resize(key.name === "left" ? -2 : key.name === "right" ? 2 : 0, key.name === "up" ? -0.05 : key.name === "down" ? 0.05 : 0);
    return app.redraw();
  }
  switch (app.focus) {
    case "input":
      inputKey(app, key);
      break;
    case "conversation":
      conversationKey(app, key);
      break;
    case "sessions":
      sessionsKey(app, key);
      break;
    case "todos":
      void todosKey(app, key);
      break;
    case "files":
      filesKey(app, key);
      break;
  }
  app.redraw();
}

function filesKey(app: AppContext, key: Key): void {
  const files = app.current()?.files;
  if (key.ch === "u") return undoLastTurn(app);
  if (files && (key.name === "up" || key.name === "down")) return files.move(key.name === "up" ? -1 : 1);
  if (files && key.name === "enter") return openFileDiff(app);
  typeIntoInput(app, key);
}

function inputKey(app: AppContext, key: Key): void {
  const { editor, palette } = app;
  if (palette.open && (key.name === "up" || key.name === "down")) return palette.move(key.name === "up" ? -1 : 1);
  if (palette.open && (key.name === "tab" || (key.name === "enter" && !key.meta))) {
    const item = palette.selected()!;
    const mention = editor.mention();
    const start = mention ? mention.start : 0;
    editor.set(editor.text.slice(0, start) + item.value + editor.text.slice(editor.cursor), start + item.value.length);
    palette.close();
    // Enter on a command that takes no arguments runs it at once.
    if (key.name === "enter" && !mention && !item.value.endsWith(" ")) app.submit(editor.take());
    else app.inputChanged();
    return;
  }
  if (key.name === "paste" && key.ch) editor.insert(key.ch.replace(/\r\n?/g, "\n"));
  else if ((key.name === "enter" && key.meta) || key.name === "newline") editor.insert("\n");
  else if (key.name === "enter") {
    if (editor.text.trim() === "") return;
    app.submit(editor.take());
  } else if (key.ctrl && key.name === "d") {
    if (editor.empty) return app.quit();
    editor.deleteForward();
  } else if (key.name === "up") editor.up();
  else if (key.name === "down") editor.down();
  else if ((key.ctrl && key.name === "w") || (key.meta && key.name === "backspace")) editor.deleteWordBack();
  else if (key.ctrl && key.name === "u") editor.set("");
  else if (key.name === "pageup" || key.name === "pagedown") return scrollPage(app, key.name === "pageup" ? -1 : 1);
  else if (!editKey(editor, key)) return;
  app.inputChanged();
}

function conversationKey(app: AppContext, key: Key): void {
  const conv = app.conversation();
  const { width, height } = app.conversationSize();
  if (key.name === "up" || key.name === "down") conv.scroll(width, height, key.name === "up" ? -1 : 1);
  else if (key.name === "pageup" || key.name === "pagedown") scrollPage(app, key.name === "pageup" ? -1 : 1);
  else if (key.name === "end") conv.viewport.follow();
  else if (key.name === "home") conv.scroll(width, height, -1_000_000);
  else if (key.ch === "[" || key.ch === "]") conv.select(width, height, key.ch === "[" ? -1 : 1);
  else if (key.name === "enter" || key.ch === " ") conv.toggleSelected();
  else typeIntoInput(app, key);
}

function scrollPage(app: AppContext, direction: -1 | 1): void {
  const { width, height } = app.conversationSize();
  app.conversation().scroll(width, height, direction * Math.max(1, height - 2));
}

function sessionsKey(app: AppContext, key: Key): void {
  const { list } = app;
  const api = app.api();
  const selected = list.selected();
  if (key.name === "up" || key.name === "down") list.move(key.name === "up" ? -1 : 1);
  else if (key.name === "enter" && selected) void app.openSession(selected.id);
  else if (key.ch === "n") {
    app.newSession();
    app.focus = "input";
  } else if (key.ch === "a") {
    list.allProjects = !list.allProjects;
    app.refreshSessions();
  } else if (key.ch === "r" && selected && api) {
    app.openModal(new PromptModal("Rename session", "New title:", selected.title ?? "", (title) => {
      api.rename(selected.id, title).then(() => app.refreshSessions(), (e: Error) => app.notify(e.message));
    }));
  } else if ((key.ch === "d" || key.name === "delete") && selected && api) {
    app.openModal(new ConfirmModal("Delete session", `Delete "${selected.title ?? selected.id}" and its ${selected.messageCount} messages? This cannot be undone.`, () => {
      if (app.current()?.id === selected.id) app.newSession();
      api.delete(selected.id).then(() => app.refreshSessions(), (e: Error) => app.notify(e.message));
    }));
  }
}

async function todosKey(app: AppContext, key: Key): Promise<void> {
  const todos = app.current()?.todos;
  if (key.name === "up" || key.name === "down") return todos?.move(key.name === "up" ? -1 : 1);
  const item = todos?.selected() ?? null;
  if (key.ch === "a") {
    app.openModal(new PromptModal("Add todo", "What needs doing?", "", (content) => void editTodos(app, { op: "add", content })));
  } else if ((key.ch === "x" || key.ch === " ") && todos && item) {
    await editTodos(app, { op: "set_status", index: todos.index, status: todos.nextStatus(item) });
  } else if ((key.ch === "d" || key.name === "delete") && todos && item) {
    await editTodos(app, { op: "remove", index: todos.index });
  } else typeIntoInput(app, key);
}

async function editTodos(app: AppContext, edit: Parameters<NonNullable<ReturnType<AppContext["current"]>>["handle"]["editTodos"]>[0]): Promise<void> {
  const view = await app.ensureSession();
  if (!view) return;
  try {
    view.todos.set(await view.handle.editTodos(edit));
  } catch (error) {
    app.notify((error as Error).message);
  }
  app.redraw();
}

/** A printable key in a list pane starts typing a prompt. */
function typeIntoInput(app: AppContext, key: Key): void {
  if ((key.name !== "char" && key.name !== "paste") || !key.ch) return;
  app.focus = "input";
  app.editor.insert(key.ch);
  app.inputChanged();
}
