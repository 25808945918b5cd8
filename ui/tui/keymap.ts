import { nextTrustMode } from "../../core/domain/trust-mode.ts";
import type { AppContext } from "./app-context.ts";
import type { Key } from "./keys.ts";

/** Routes a key: global keys first, then an open modal, then the focused pane (from the registry). */
export function handleKey(app: AppContext, key: Key): void {
  if (key.ctrl && key.name === "c") return app.ctrlC();
  const modal = app.activeModal();
  if (modal && app.modalTakes(modal)) {
    if (modal.key(key)) app.closeModal(modal);
    return app.redraw();
  }
  // Ctrl+D quits from any pane as from an empty input (the input pane deletes forward when it has text).
  if (key.ctrl && key.name === "d" && app.focused() !== "input") return app.ctrlD();
  if (key.name === "tab" && key.shift) {
    app.setMode(nextTrustMode(app.mode()));
    return app.redraw();
  }
  if (key.name === "tab" && !(app.focused() === "input" && app.palette.open)) {
    const order = app.panes.focusOrder();
    app.setFocus(order[(order.indexOf(app.focused()) + 1) % order.length]!);
    return app.redraw();
  }
  if (key.name === "escape") {
    const session = app.current();
    if (app.palette.open) app.palette.close();
    else if (session?.handle.isRunning) {
      session.handle.interrupt();
      app.notify("interrupting…"); // cleared when the turn ends
    } else app.setFocus("input");
    return app.redraw();
  }
  if (key.meta && ["left", "right", "up", "down"].includes(key.name)) {
    app.resize(key.name === "left" ? -2 : key.name === "right" ? 2 : 0, key.name === "up" ? -0.05 : key.name === "down" ? 0.05 : 0);
    return app.redraw();
  }
  const used = app.panes.pane(app.focused())?.key?.(key);
  if (used === false || used === undefined) typeIntoInput(app, key);
  app.redraw();
}

/** A printable key that a list pane does not use starts typing a prompt. */
function typeIntoInput(app: AppContext, key: Key): void {
  if ((key.name !== "char" && key.name !== "paste") || !key.ch) return;
  app.setFocus("input");
  app.editor.insert(key.ch);
  app.inputChanged();
}
