import { describe, expect, it } from "vitest";
import { DashboardSyncState } from "./dashboard-sync-state.ts";
import type { SessionView } from "./session-view.ts";
import type { SessionListModel } from "./view-model/session-list.ts";

/** An open session as the sync state sees it: an id and whether a turn of it runs here. */
function view(id: string): SessionView & { running: boolean; notices: string[] } {
  const notices: string[] = [];
  const v = { id, running: false, liveElsewhere: null, notices, conversation: { addNotice: (_level: string, text: string) => void notices.push(text) }, handle: { get isRunning() { return v.running; } } };
  return v as unknown as SessionView & { running: boolean; notices: string[] };
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

  it("makes the session in view writable again once the other device's hold ran out with nothing pulled since", () => {
    const shown = view("shown");
    const { sync } = state([shown]);
    shown.liveElsewhere = { device: "laptop", until: Date.now() + 60_000 };
    sync.renew();
    expect(shown.liveElsewhere).not.toBeNull();
    shown.liveElsewhere = { device: "laptop", until: Date.now() - 1 };
    sync.renew();
    expect(shown.liveElsewhere).toBeNull();
    expect(shown.notices).toEqual(["laptop no longer runs this session: it continues here."]);
  });
});
