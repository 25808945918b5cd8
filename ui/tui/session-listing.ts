import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { SessionListModel } from "./view-model/session-list.ts";

/** How many of the newest sessions are checked for an interrupted last turn at start. */
const INTERRUPTION_CHECKS = 30;

/**
 * Keeps the sessions pane's list fresh: listings are coalesced (a request during one runs once
 * after it), sessions whose turn was cut short (or failed) in an earlier run are marked so on
 * the first listing, and while a turn runs anywhere the pane redraws once a second so elapsed
 * times tick.
 */
export class SessionListing {
  readonly #list: SessionListModel;
  readonly #d: { api: () => SessionsApi | null; redraw: () => void; notify: (text: string) => void };
  #listing: "idle" | "busy" | "again" = "idle";
  #checkedInterruptions = false;
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(list: SessionListModel, deps: { api: () => SessionsApi | null; redraw: () => void; notify: (text: string) => void }) {
    this.#list = list;
    this.#d = deps;
  }

  refresh(): void {
    const api = this.#d.api();
    if (!api) return;
    if (this.#listing !== "idle") {
      this.#listing = "again";
      return;
    }
    this.#listing = "busy";
    api
      .list({ allProjects: this.#list.allProjects })
      .then((infos) => {
        this.#list.setSessions(infos);
        if (!this.#checkedInterruptions) this.#markInterrupted(api, infos.slice(0, INTERRUPTION_CHECKS));
      }, (e: Error) => this.#d.notify(`Could not list sessions: ${e.message}`))
      .finally(() => {
        const again = this.#listing === "again";
        this.#listing = "idle";
        if (again) this.refresh();
        this.#d.redraw();
      });
  }

  /** Starts the once-a-second redraw while a turn runs; it stops itself when none does. */
  tickWhileRunning(): void {
    if (this.#list.running === 0 || this.#ticker) return;
    this.#ticker = setInterval(() => {
      if (this.#list.running === 0) {
        clearInterval(this.#ticker!);
        this.#ticker = null;
      }
      this.#d.redraw();
    }, 1_000);
    this.#ticker.unref?.();
  }

  /** After a restart, sessions whose turn was cut short (Ctrl+D, a crash) show as interrupted, and those whose turn failed as failed, not idle. */
  #markInterrupted(api: SessionsApi, infos: readonly { id: string }[]): void {
    this.#checkedInterruptions = true;
    void Promise.all(infos.map(async ({ id }) => {
      const left = this.#list.status(id) === "idle" ? await api.interruption(id).catch(() => null) : null;
      if (left && this.#list.status(id) === "idle") this.#list.setLeftOver(id, left);
    })).then(() => this.#d.redraw());
  }
}
