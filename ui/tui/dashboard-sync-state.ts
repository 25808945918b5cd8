import type { SyncService, SyncStatus } from "../../core/ports/sync.ts";
import type { SessionView } from "./session-view.ts";
import type { SessionListModel } from "./view-model/session-list.ts";
import type { NoticeLevel } from "./view-model/blocks.ts";
import type { Span } from "./view-model/styled.ts";
import { syncSegment } from "./view-model/sync-segment.ts";
import type { SyncScheduler } from "./sync-scheduler.ts";

export interface DashboardSyncDeps {
  readonly list: SessionListModel;
  readonly current: () => SessionView | null;
  readonly refreshSessions: () => void;
  readonly redraw: () => void;
  readonly say: (level: NoticeLevel, text: string) => void;
  /** The sessions open in this dashboard. */
  readonly views: () => Iterable<SessionView>;
  /** Reads an open session again from the store (what pulls brought, and who holds it now). */
  readonly reload: (view: SessionView) => void;
}

/**
 * Sync as the dashboard sees it (issue 10): the scheduler's status for the status bar and the
 * sessions' marks, following a session that runs on another device, and taking it over.
 * Nothing here until `attach` (sync loads after the engine, and not in every build).
 */
export class DashboardSyncState {
  readonly #d: DashboardSyncDeps;
  #sync: { service: SyncService; scheduler: SyncScheduler; status: SyncStatus | null } | null = null;
  /** Open sessions a pull brought rows for while a turn of theirs ran here. */
  readonly #missed = new Set<string>();

  constructor(deps: DashboardSyncDeps) {
    this.#d = deps;
  }

  attach(service: SyncService, scheduler: SyncScheduler): void {
    this.#sync = { service, scheduler, status: null };
  }

  /** From the scheduler: the sync status changed. */
  changed(status: SyncStatus): void {
    if (!this.#sync) return;
    const before = this.#sync.status;
    this.#sync.status = status;
    this.#d.list.syncOn = status.state !== "off";
    // A finished round or a turn on/off changes the sessions' marks (sent, pulled from other devices).
    if (before?.state !== status.state || before.queued !== status.queued || before.lastSuccessAt !== status.lastSuccessAt) this.#d.refreshSessions();
    this.#d.redraw();
  }

  /**
   * Other devices' rows arrived: the open sessions they belong to are read again, so what was
   * written there shows here, and a session another device holds now goes read-only (one whose
   * turn runs here is read when that turn ends: its own events show it meanwhile).
   */
  pulled(sessions: readonly string[]): void {
    this.#d.refreshSessions();
    const arrived = new Set(sessions);
    for (const view of [...this.#d.views()]) {
      if (!arrived.has(view.id)) continue;
      if (view.handle.isRunning) this.#missed.add(view.id);
      else this.#d.reload(view);
    }
  }

  /** A turn of `view` ended here: what pulls brought for it while it ran is read now. */
  turnEnded(view: SessionView): void {
    if (!view.handle.isRunning && this.#missed.delete(view.id)) this.#d.reload(view);
  }

  /** `/takeover`: continue here the session that runs on another device. */
  takeOver(): void {
    const view = this.#d.current();
    if (!view?.liveElsewhere) return this.#d.say("info", "This session is not running on another device.");
    this.#d.say("info", `Taken over from ${view.liveElsewhere.device}: this session continues here. If it is still running there, its turns will interleave with yours.`);
    view.liveElsewhere = null;
    this.follow(false);
    // Pushed at once: the other device goes read-only at its next pull.
    this.hold(view.id, true);
  }

  /**
   * This dashboard continues the session (opened here, or taken over): this device holds it, so
   * other devices show it running here and open it read-only once the lease is pushed.
   */
  hold(sessionId: string, pushNow = false, renewal = false): void {
    const sync = this.#sync;
    // With sync off there is no one to tell; a pull-only device could not tell them.
    if (!sync || sync.status?.state === "off" || sync.status?.pullOnly) return;
    const signal = AbortSignal.timeout(5_000);
    (renewal ? sync.service.renewLease(sessionId, signal) : sync.service.takeLease(sessionId, signal)).then((changed) => {
      if (!changed) return;
      if (pushNow) sync.scheduler.pushNow();
      else sync.scheduler.pushSoon();
      this.#d.refreshSessions();
    }, (error: Error) => this.#d.say("warn", `Could not mark the session as running here: ${error.message}`));
  }

  /** Every minute: the session in view stays held by this device while it is open here. */
  renew(): void {
    const view = this.#d.current();
    if (view && !this.heldElsewhere(view)) this.hold(view.id, false, true);
  }

  /**
   * The device that holds `view`'s session, while its hold lasts. One that ran out with nothing
   * pulled since (the other device went quiet) is let go here: the session is writable again.
   */
  heldElsewhere(view: SessionView): SessionView["liveElsewhere"] {
    const elsewhere = view.liveElsewhere;
    if (!elsewhere || elsewhere.until > Date.now()) return elsewhere;
    view.conversation.addNotice("info", `${elsewhere.device} no longer runs this session: it continues here.`);
    view.liveElsewhere = null;
    this.follow(false);
    this.#d.redraw();
    return null;
  }

  /** While a session live elsewhere is in view, pull often enough to follow it. */
  follow(on: boolean): void {
    this.#sync?.scheduler.follow(on);
  }

  /** `/sync`: a round now, whatever the last one was. */
  now(): void {
    if (!this.#sync) return this.#d.say("info", "Sync is not available yet (or not in this build): ursa sync setup <url> sets it up.");
    this.#sync.scheduler.now();
  }

  /** Fetches other devices' sessions soon (throttled by the scheduler). */
  pullSoon(): void {
    this.#sync?.scheduler.pullSoon();
  }

  service(): SyncService | null {
    return this.#sync?.service ?? null;
  }

  segment(now: number): Span {
    return syncSegment(this.#sync?.status ?? null, now);
  }
}
