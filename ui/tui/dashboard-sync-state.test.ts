import { describe, expect, it } from "vitest";
import { DashboardSyncState } from "./dashboard-sync-state.ts";
import type { SessionView } from "./session-view.ts";
import type { SessionListModel } from "./view-model/session-list.ts";

/** An open session as the sync state sees it: an id and whether a turn of it runs here. */
function view(id: string): SessionView & { running: boolean } {
  const v = { id, running: false, handle: { get isRunning() { return v.running; } } };
  return v as unknown as SessionView & { running: boolean };
}

function state(views: SessionView[]) {
  const reloaded: string[] = [];
  const sync = new DashboardSyncState({
    list: {} as SessionListModel, current: () => views[0] ?? null, refreshSessions: () => undefined, redraw: () => undefined, say: () => undefined,
    views: () => views, reload: (v) => void reloaded.push(v.id),
  });
  return { sync, reloaded };
}

describe("the dashboard following what sync pulls", () => {
  it("reads an open session again when a pull brought its rows, and one whose turn ran here once that turn ends", () => {
    const idle = view("idle");
    const busy = view("busy");
    busy.running = true;
    const { sync, reloaded } = state([idle, busy, view("untouched")]);
    sync.pulled(["idle", "busy"]);
    expect(reloaded).toEqual(["idle"]);
    busy.running = false;
    sync.turnEnded(busy);
    expect(reloaded).toEqual(["idle", "busy"]);
    // Once only: nothing new arrived since.
    sync.turnEnded(busy);
    sync.turnEnded(idle);
    expect(reloaded).toEqual(["idle", "busy"]);
  });
});
