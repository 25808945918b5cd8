import type { AppContext } from "./app-context.ts";
import type { PaneCommand } from "./panes/pane-spec.ts";

/** The dashboard's sync commands: `/sync`, `/local [off]` and `/takeover`. */
export function syncCommands(app: AppContext): PaneCommand[] {
  return [
    { name: "sync", args: "", help: "sync now: push this device's changes and pull the others'", run: () => app.syncNow() },
    { name: "local", args: "[off]", help: "keep this session off the sync server (off: share it again)", run: (args) => markLocalOnly(app, args) },
    { name: "takeover", args: "", help: "continue here a session running on another device", run: () => app.takeOver() },
  ];
}

/** `/local`: keeps the session (and its sub-agents) off the sync server; `/local off` shares it again. */
function markLocalOnly(app: AppContext, args: string): void {
  if (args !== "" && args !== "off") return app.say("warn", "Usage: /local (keep this session off the sync server) or /local off (share it again).");
  const local = args === "";
  void app.ensureSession().then((view) => {
    if (!view) return;
    const sync = app.syncService();
    if (!sync) return app.say("warn", "This build of Ursa has no sync.");
    sync.setLocalOnly(view.id, local, AbortSignal.timeout(5_000)).then(
      () => {
        app.say("info", local ? "This session is local-only: it stays on this machine, any copy on the sync server goes at the next push, and other machines' copies become local-only there at their next pull." : "This session is shared again: it syncs at the next push.");
        app.refreshSessions();
      },
      (e: Error) => app.say("error", `Could not change the session: ${e.message}`),
    );
  });
}
