import { Subject } from "rxjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { SyncService, SyncStatus } from "../../core/ports/sync.ts";
import { FOCUS_PULL_MIN_GAP_MS, PERIOD_MS, PUSH_DELAY_MS, QUIT_SYNC_BUDGET_MS, SyncScheduler } from "./sync-scheduler.ts";
import { syncSegment } from "./view-model/sync-segment.ts";

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({ state: "ok", url: "http://s", queued: 0, lastSuccessAt: 0, lastError: null, devices: [], pullOnly: false, ...over });
const silentLog = { debug() {}, info() {}, warn() {}, error() {} } as never;

/** A SyncService whose rounds are recorded and can be held open, to see what the scheduler asks when. */
function recordingSync(initial: SyncStatus) {
  const calls: string[] = [];
  const changes$ = new Subject<SyncStatus>();
  let hold: Promise<void> | null = null;
  let current = initial;
  const sync: SyncService = {
    changes$,
    setup: async () => current,
    status: async () => current,
    setEnabled: async () => undefined,
    setLocalOnly: async () => undefined,
    link: async () => undefined,
    releaseLease: async () => undefined,
    takeLease: async () => false,
    renewLease: async () => false,
    round: async (kind, signal) => {
      calls.push(kind);
      if (hold) await Promise.race([hold, new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)))]);
      return { pushed: 0, pulled: 0, sessions: [], status: current };
    },
  };
  return {
    sync, calls, changes$,
    set: (s: SyncStatus) => (current = s),
    holdRounds: () => {
      let release = () => {};
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

describe("SyncScheduler", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const flush = () => vi.advanceTimersByTimeAsync(0);

  it("pulls at start, pushes 2 s after a turn or todo edit (merged), and syncs every minute", async () => {
    const fake = recordingSync(status());
    const events$ = new Subject<EngineEvent>();
    const seen: SyncStatus[] = [];
    let periods = 0;
    const scheduler = new SyncScheduler({
      sync: fake.sync, events$, log: silentLog, onStatus: (s) => seen.push(s), onPeriod: () => periods++,
      timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as never) },
    });
    scheduler.start();
    await flush();
    expect(fake.calls).toEqual(["pull"]);
    expect(seen.at(-1)?.state).toBe("ok");

    events$.next({ type: "turn_ended", sessionId: "s", turnId: "t", reason: { kind: "complete" } } as EngineEvent);
    await vi.advanceTimersByTimeAsync(PUSH_DELAY_MS / 2);
    events$.next({ type: "todo_updated", sessionId: "s", items: [], diff: { added: [], removed: [], changed: [] } } as unknown as EngineEvent);
    await vi.advanceTimersByTimeAsync(PUSH_DELAY_MS - 1);
    expect(fake.calls).toEqual(["pull"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toEqual(["pull", "push"]);

    expect(periods).toBe(0);
    await vi.advanceTimersByTimeAsync(PERIOD_MS);
    expect(fake.calls).toEqual(["pull", "push", "both"]);
    // The minutely hook (the dashboard renews the lease of the session in view) comes with that round.
    expect(periods).toBe(1);

    scheduler.now();
    await flush();
    expect(fake.calls).toEqual(["pull", "push", "both", "both"]);
    scheduler.stop();
  });

  it("pushes what was queued before it started, right after its first pull, unless this device may only pull", async () => {
    const timers = { setTimeout: (f: () => void, ms: number) => setTimeout(f, ms), clearTimeout: (h: unknown) => clearTimeout(h as never) };
    const fake = recordingSync(status({ queued: 6 }));
    const scheduler = new SyncScheduler({ sync: fake.sync, events$: new Subject(), log: silentLog, onStatus: () => {}, timers });
    scheduler.start();
    await flush();
    expect(fake.calls).toEqual(["pull", "push"]);
    // Later pulls leave a queue to the push timer and the minute's round.
    await vi.advanceTimersByTimeAsync(FOCUS_PULL_MIN_GAP_MS);
    scheduler.pullSoon();
    await flush();
    expect(fake.calls).toEqual(["pull", "push", "pull"]);
    scheduler.stop();

    const follower = recordingSync(status({ queued: 6, pullOnly: true }));
    const following = new SyncScheduler({ sync: follower.sync, events$: new Subject(), log: silentLog, onStatus: () => {}, timers });
    following.start();
    await flush();
    expect(follower.calls).toEqual(["pull"]);
    following.stop();
  });

  it("throttles pulls on focus, merges requests made during a round, and stop aborts without waiting", async () => {
    const fake = recordingSync(status());
    const scheduler = new SyncScheduler({ sync: fake.sync, events$: new Subject(), log: silentLog, onStatus: () => {}, timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as never) } });
    scheduler.start();
    await flush();
    fake.set(status({ queued: 3 }));
    scheduler.pullSoon();
    await flush();
    expect(fake.calls).toEqual(["pull"]);
    await vi.advanceTimersByTimeAsync(FOCUS_PULL_MIN_GAP_MS);

    const release = fake.holdRounds();
    scheduler.pullSoon();
    await flush();
    scheduler.pushSoon();
    await vi.advanceTimersByTimeAsync(PUSH_DELAY_MS);
    scheduler.pullSoon();
    expect(fake.calls).toEqual(["pull", "pull"]);
    release();
    await flush();
    expect(fake.calls).toEqual(["pull", "pull", "push"]);

    fake.holdRounds();
    scheduler.pushSoon();
    await vi.advanceTimersByTimeAsync(PUSH_DELAY_MS);
    expect(fake.calls).toHaveLength(4);
    expect(scheduler.stop()).toBe(3);
    await flush();
  });

  it("does nothing while sync is off, but keeps looking every minute", async () => {
    const fake = recordingSync(status({ state: "off", url: null }));
    const scheduler = new SyncScheduler({ sync: fake.sync, events$: new Subject(), log: silentLog, onStatus: () => {}, timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as never) } });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(PERIOD_MS);
    expect(fake.calls).toEqual([]);
    fake.set(status());
    await vi.advanceTimersByTimeAsync(PERIOD_MS);
    expect(fake.calls).toEqual(["both"]);
    scheduler.stop();
  });
});

describe("SyncScheduler.finish (quitting)", () => {
  const released: string[] = [];
  const quitting = (round: SyncService["round"]) => {
    const fake = recordingSync(status({ queued: 2 }));
    const sync: SyncService = { ...fake.sync, round, releaseLease: async (id) => void released.push(id) };
    const scheduler = new SyncScheduler({ sync, events$: new Subject(), log: silentLog, onStatus: () => {} });
    scheduler.start();
    return scheduler;
  };
  const settle = () => new Promise((r) => setImmediate(r));

  it("ends the leases of the sessions the dashboard had open and pushes that once", async () => {
    released.length = 0;
    const kinds: string[] = [];
    const scheduler = quitting(async (kind) => (kinds.push(kind), { pushed: 3, pulled: 0, sessions: [], status: status({ queued: 0 }) }));
    await settle();
    expect(await scheduler.finish(["a", "b"])).toBe(0);
    expect(released).toEqual(["a", "b"]);
    expect(kinds).toEqual(["pull", "push"]);
  });

  it("gives up after its budget when the push never answers, keeping the queue", async () => {
    released.length = 0;
    // A service that ignores the abort (a dead link inside a native call): finish must not wait for it.
    const scheduler = quitting(() => new Promise(() => undefined));
    await settle();
    const started = Date.now();
    expect(await scheduler.finish(["a"])).toBe(2);
    expect(Date.now() - started).toBeLessThan(QUIT_SYNC_BUDGET_MS + 500);
    expect(released).toEqual(["a"]);
  });

  it("does nothing when no session was open", async () => {
    released.length = 0;
    const kinds: string[] = [];
    const scheduler = quitting(async (kind) => (kinds.push(kind), { pushed: 0, pulled: 0, sessions: [], status: status() }));
    await settle();
    await scheduler.finish([]);
    expect([released, kinds]).toEqual([[], ["pull"]]);
  });
});

describe("the status bar's sync segment", () => {
  it("says each state as the issue spells it", () => {
    const now = 100_000;
    const text = (s: SyncStatus | null) => syncSegment(s, now).text;
    expect(text(null)).toBe("sync off");
    expect(text(status({ state: "off" }))).toBe("sync off");
    expect(text(status({ lastSuccessAt: now - 12_000 }))).toBe("sync ✓ 12s");
    expect(text(status({ lastSuccessAt: now - 12_000, pullOnly: true, queued: 6 }))).toBe("sync ✓ 12s · pull only · 6 queued");
    expect(text(status({ state: "pushing", queued: 37 }))).toBe("sync ↑37");
    expect(text(status({ state: "pulling" }))).toBe("sync ↓");
    expect(text(status({ state: "offline", queued: 142 }))).toBe("sync offline · 142 queued");
    expect(text(status({ state: "token_expired" }))).toBe("sync token expired");
    expect(text(status({ state: "read_only" }))).toBe("sync read-only");
    expect(text(status({ state: "needs_newer" }))).toBe("sync needs newer ursa");
  });
});
