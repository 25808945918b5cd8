import { undoLastTurn } from "../undo.ts";
import { DiffModal } from "../modals/diff-modal.ts";
import { span } from "../view-model/styled.ts";
import { definePane } from "./pane-spec.ts";

/** The files the session changed, by turn; Enter shows a change's diff, u undoes the last turn. */
export const filesPane = definePane({
  id: "files",
  title: "Files",
  dock: "right",
  order: 50,
  focusable: true,
  width: 36,
  share: 0.55,
  needs: ["current", "projectRoot", "openModal", "say", "redraw", "setFocus"],
  create: (host) => {
    const openDiff = (): void => {
      const view = host.current();
      const change = view?.files.current();
      if (!view || !change) return;
      const root = host.projectRoot;
      const name = change.path.startsWith(`${root}/`) ? change.path.slice(root.length + 1) : change.path;
      view.handle.fileDiff({ turnId: change.turnId, path: change.path }).then((diff) => DiffModal.open(name, diff)).then(
        (modal) => host.openModal(modal),
        (e: Error) => host.say("error", e.message),
      );
    };
    return {
      render: ({ width, height }, focused) => {
        const files = host.current()?.files;
        return { rows: files ? files.rows(width, height, focused) : [[span("no session yet", "dim")]] };
      },
      key(key) {
        const files = host.current()?.files;
        if (key.ch === "u") undoLastTurn(host);
        else if (files && (key.name === "up" || key.name === "down")) files.move(key.name === "up" ? -1 : 1);
        else if (files && key.name === "enter") openDiff();
        else return false;
        return true;
      },
      wheel: (delta) => host.current()?.files.move(Math.sign(delta)),
      commands: [{ name: "files", args: "", help: "focus the files pane", run: () => host.setFocus("files") }],
    };
  },
});
