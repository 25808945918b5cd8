import type { PaneHost } from "./panes/pane-spec.ts";
import { ConfirmModal } from "./modals/simple-modals.ts";
import type { SessionView } from "./session-view.ts";

/** Asks, then puts back the files of the newest turn (`/undo`, u in the files pane). */
export function undoLastTurn(host: Pick<PaneHost, "current" | "say" | "openModal" | "redraw">): void {
  const view = host.current();
  if (!view) return host.say("info", "No session, nothing to undo.");
  if (view.handle.isRunning) return host.say("warn", "A turn is running; interrupt it (Esc) before undoing.");
  // Say so at once when there is nothing to put back, rather than asking first.
  view.handle.hasUndoableTurn().then(
    (undoable) => (undoable ? confirmUndo(host, view) : host.say("info", "No turn left to undo.")),
    (e: Error) => host.say("error", `Undo failed: ${e.message}`),
  );
}

function confirmUndo(host: Pick<PaneHost, "say" | "openModal" | "redraw">, view: SessionView): void {
  host.openModal(new ConfirmModal("Undo last turn", "Put back the files the newest turn changed?", () => {
    view.handle.undoLastTurn().then(
      (result) => {
        if (!result.turnId) host.say("info", "No turn left to undo.");
        host.redraw();
      },
      (e: Error) => host.say("error", `Undo failed: ${e.message}`),
    );
  }));
}
