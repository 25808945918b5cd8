import type { Observable, Subscription } from "rxjs";
import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { SyncService, SyncStatus } from "../../core/ports/sync.ts";

/**
 * When the dashboard syncs. Pull at start (after the first frame, never before it), then push
 * what was queued before the dashboard opened (a headless run's push that did not get through,
 * say) unless this device may only pull; pull when the sessions pane gets focus (at most every
 * 10 s) and every minute (that round pushes too, so an offline queue drains once the server is
 * back); push about 2 s after a turn ends, the todos,
 * a title or a deletion change. One round at a time; requests during a round merge into the
 * next one. A round that fails only changes the status; `stop` aborts the running round at
 * once, and `finish` (quitting) adds at most one second for a push that ends the leases.
 */
export interface SyncSchedulerOptions {
  readonly sync: SyncService;
  readonly events$: Observable<EngineEvent>;
  readonly onStatus: (status: SyncStatus) => void;
  /** Every few seconds while the last round worked, to redraw its age (`sync ✓ 12s`). */
  readonly onTick?: () => void;
  /** Before each minutely round (the dashboard renews the lease of the session in view). */
  readonly onPeriod?: () => void;
  /** After a round that brought other devices' rows: the sessions they belong to (open ones are read again). */
  readonly onPulled?: (sessions: readonly string[]) => void;
  readonly log: Logger;
  readonly now?: () => number;
  readonly timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export const PUSH_DELAY_MS = 2_000;
export const PERIOD_MS = 60_000;
export const FOCUS_PULL_MIN_GAP_MS = 10_000;
/** While a session running on another device is in view, pull this often to follow it. */
export const FOLLOW_PULL_MS = 5_000;
/** Quitting's sync at most: ending the leases, the push that carries them, and counting what is left. */
export const QUIT_SYNC_BUDGET_MS = 1_000;
/** Of that, for counting the changes left queued when the push did not get through. */
const QUIT_COUNT_MS = 200;
/** Redraws the `✓ 12s` age between rounds. */
const AGE_TICK_MS = 5_000;

type Kind = "push" | "pull" | "both";

function merge(a: Kind | null, b: Kind): Kind {
  return a === null || a === b ? b : "both";
}

const PUSH_EVENTS = new Set<EngineEvent["type"]>(["turn_ended", "todo_updated", "compacted", "files_undone"]);

export class SyncScheduler {
  readonly #o: SyncSchedulerOptions;
  readonly #now: () => number;
  readonly #timers: NonNullable<SyncSchedulerOptions["timers"]>;
  #status: SyncStatus | null = null;
  #running: AbortController | null = null;
  #pending: Kind | null = null;
  #pushTimer: unknown = null;
  #periodTimer: unknown = null;
  #ageTimer: unknown = null;
  #followTimer: unknown = null;
  #lastPullAt = -Infinity;
  #stopped = false;
  /** Until the start-up round has run: its pull is followed by a push of what waited. */
  #startingUp = true;
  #firstRoundDone: () => void = () => undefined;
  /** Settles when the start-up round has finished (well or not), or sync turned out to be off. */
  readonly firstRound: Promise<void> = new Promise((resolve) => (this.#firstRoundDone = resolve));
  readonly #subscriptions: Subscription[] = [];

  constructor(options: SyncSchedulerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  }

  get status(): SyncStatus | null {
    return this.#status;
  }

  /** Starts watching; the first pull is queued, not awaited. */
  start(): void {
    this.#subscriptions.push(this.#o.sync.changes$.subscribe((status) => this.#setStatus(status)));
    this.#subscriptions.push(this.#o.events$.subscribe((event) => {
      if (PUSH_EVENTS.has(event.type)) this.pushSoon();
    }));
    this.#request("pull");
    this.#schedulePeriod();
    this.#tickAge();
  }

  /** After a local change (turn, todo edit, rename, delete): push in about two seconds. */
  pushSoon(): void {
    if (this.#stopped) return;
    if (this.#pushTimer !== null) this.#timers.clearTimeout(this.#pushTimer);
    this.#pushTimer = this.#timers.setTimeout(() => {
      this.#pushTimer = null;
      this.#request("push");
    }, PUSH_DELAY_MS);
  }

  /** `/sync`: push and pull now (after the running round, if one runs). */
  now(): void {
    this.#request("both");
  }

  /** A change other devices should see at once (a takeover): push now, not in two seconds. */
  pushNow(): void {
    this.#request("push");
  }

  /** The sessions pane got focus: fetch other devices' changes, unless that happened just now. */
  pullSoon(): void {
    if (this.#now() - this.#lastPullAt < FOCUS_PULL_MIN_GAP_MS) return;
    this.#request("pull");
  }

  /** Pulls every few seconds while `on` (a session live on another device is in view). */
  follow(on: boolean): void {
    if (this.#followTimer !== null) this.#timers.clearTimeout(this.#followTimer);
    this.#followTimer = null;
    if (!on || this.#stopped) return;
    const tick = (): void => {
      this.#request("pull");
      this.#followTimer = this.#timers.setTimeout(tick, FOLLOW_PULL_MS);
    };
    this.#followTimer = this.#timers.setTimeout(tick, FOLLOW_PULL_MS);
  }

  /** Aborts the running round and stops every timer; returns the changes not yet pushed. */
  stop(): number {
    this.#stopped = true;
    for (const s of this.#subscriptions) s.unsubscribe();
    for (const timer of [this.#pushTimer, this.#periodTimer, this.#ageTimer, this.#followTimer]) if (timer !== null) this.#timers.clearTimeout(timer);
    this.#running?.abort();
    this.#firstRoundDone();
    return this.#status?.queued ?? 0;
  }

  /**
   * The dashboard quits: this device stops writing `sessionIds` (the sessions it had open), so
   * their leases end now, as a headless run's do, instead of two minutes after their last
   * message, and one push carries that to the other devices. The running round is aborted first,
   * and the whole of it gets QUIT_SYNC_BUDGET_MS: a dead or slow server leaves the changes queued,
   * never holds the exit. Returns the changes not yet pushed.
   */
  async finish(sessionIds: readonly string[]): Promise<number> {
    const unsent = this.stop();
    if (sessionIds.length === 0 || this.#status?.state === "off") return unsent;
    // The service's local steps wait for the aborted round to let go; each signal bounds them too.
    const bounded = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> => Promise.race([work, new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    })]);
    const pushing = AbortSignal.timeout(QUIT_SYNC_BUDGET_MS - QUIT_COUNT_MS);
    try {
      await bounded(Promise.all(sessionIds.map((id) => this.#o.sync.releaseLease(id, pushing))), pushing);
      const { status } = await bounded(this.#o.sync.round("push", pushing), pushing);
      return status.queued;
    } catch (error) {
      if (!pushing.aborted) this.#o.log.warn("ending the dashboard's leases failed", { error: String(error) });
    }
    // Left queued (the releases among them): the count said on the way out.
    const counting = AbortSignal.timeout(QUIT_COUNT_MS);
    return bounded(this.#o.sync.status(counting), counting).then((status) => status.queued, () => unsent);
  }

  #setStatus(status: SyncStatus): void {
    this.#status = status;
    this.#o.onStatus(status);
  }

  #schedulePeriod(): void {
    this.#periodTimer = this.#timers.setTimeout(() => {
      this.#o.onPeriod?.();
      this.#request("both");
      this.#schedulePeriod();
    }, PERIOD_MS);
  }

  #tickAge(): void {
    this.#ageTimer = this.#timers.setTimeout(() => {
      if (this.#status?.state === "ok") this.#o.onTick?.();
      this.#tickAge();
    }, AGE_TICK_MS);
  }

  #request(kind: Kind): void {
    if (this.#stopped) return;
    this.#pending = merge(this.#pending, kind);
    if (this.#running === null) void this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending !== null && !this.#stopped) {
      const kind = this.#pending;
      this.#pending = null;
      const controller = new AbortController();
      this.#running = controller;
      try {
        const current = await this.#o.sync.status(controller.signal);
        this.#setStatus(current);
        // Off (never set up, or `ursa sync off`): nothing to do until a later tick finds it on.
        if (current.state === "off") continue;
        if (kind !== "push") this.#lastPullAt = this.#now();
        const starting = this.#startingUp;
        this.#startingUp = false;
        const round = await this.#o.sync.round(kind, controller.signal);
        this.#setStatus(round.status);
        if (round.pulled > 0) this.#o.onPulled?.(round.sessions);
        // Changes queued before the dashboard opened would otherwise wait for a turn or the minute.
        const { state, queued, pullOnly } = round.status;
        if (starting && state === "ok" && queued > 0 && !pullOnly) this.#request("push");
      } catch (error) {
        if (!controller.signal.aborted) this.#o.log.warn("sync round failed", { kind, error: String(error) });
      } finally {
        this.#running = null;
        this.#firstRoundDone();
      }
    }
  }
}
