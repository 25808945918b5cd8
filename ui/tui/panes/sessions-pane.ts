import { ConfirmModal, PromptModal } from "../modals/simple-modals.ts";
import { definePane } from "./pane-spec.ts";
import { counted } from "../../../core/domain/format.ts";

/** The sessions of this project (or all), with each one's live status; Enter opens one. */
export const sessionsPane = definePane({
  id: "sessions",
  title: "Sessions",
  dock: "left",
  order: 30,
  focusable: true,
  width: 32,
  needs: ["list", "api", "current", "openSession", "newSession", "setFocus", "refreshSessions", "openModal", "notify"],
  create: (host) => {
    const { list } = host;
    const toggleAll = (): void => {
      list.allProjects = !list.allProjects;
      host.refreshSessions();
    };
    return {
      render: ({ width, height }, focused) => ({ rows: list.rows(width, height, Date.now(), focused) }),
      key(key) {
        const api = host.api();
        const selected = list.selected();
        if (key.name === "up" || key.name === "down") list.move(key.name === "up" ? -1 : 1);
        else if (key.name === "enter" && selected) void host.openSession(selected.id);
        else if (key.ch === "n") {
          host.newSession();
          host.setFocus("input");
        } else if (key.ch === "a") toggleAll();
        else if (key.ch === "r" && selected && api) {
          host.openModal(new PromptModal("Rename session", "New title:", selected.title ?? "", (title) => {
            api.rename(selected.id, title).then(() => host.refreshSessions(), (e: Error) => host.notify(e.message));
          }));
        } else if ((key.ch === "d" || key.name === "delete") && selected && api) {
          host.openModal(new ConfirmModal("Delete session", `Delete "${selected.title ?? selected.id}" and its ${counted(selected.messageCount, "message")}? This cannot be undone.`, () => {
            if (host.current()?.id === selected.id) host.newSession();
            api.delete(selected.id).then(() => host.refreshSessions(), (e: Error) => host.notify(e.message));
          }));
        } else return false;
        return true;
      },
      click(row) {
        const id = list.idAtRow(row);
        if (!id) return;
        list.select(id);
        void host.openSession(id);
      },
      wheel: (delta) => list.move(Math.sign(delta)),
      commands: [{
        name: "sessions",
        args: "[all]",
        help: "focus the sessions pane (all: every project)",
        run(args) {
          if (args === "all") toggleAll();
          host.setFocus("sessions");
        },
      }],
    };
  },
});
