import type { EventStream } from "../../core/ports/driving/event-stream.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import { withOverrides } from "../../core/domain/with-overrides.ts";
import type { Dashboard } from "./dashboard.ts";
import { SyncScheduler } from "./sync-scheduler.ts";

/**
 * Connects sync to the dashboard: the scheduler's status goes to the status bar and the
 * sessions pane, and renames and deletions made through the dashboard push soon after, like
 * turns and todo edits (which the scheduler sees as events). Returns the sessions API to
 * connect with, `stop` (the number of changes not yet pushed) and `finish`, the quit with a
 * last bounded push that ends the leases of the sessions the dashboard had open.
 */
export function startDashboardSync(dashboard: Dashboard, sync: SyncService, sessions: SessionsApi, events: EventStream, log: Logger): {
  sessions: SessionsApi;
  firstRound: Promise<void>;
  stop: () => number;
  finish: (sessionIds: readonly string[]) => Promise<number>;
} {
  const scheduler = new SyncScheduler({ sync, events$: events.events$, log, onStatus: (status) => dashboard.sync.changed(status), onPulled: (sessions) => dashboard.sync.pulled(sessions), onPeriod: () => dashboard.sync.renew(), onTick: () => dashboard.redraw() });
  dashboard.sync.attach(sync, scheduler);
  const pushingAfter = <T>(change: Promise<T>): Promise<T> => change.then((value) => (scheduler.pushSoon(), value));
  const wrapped = withOverrides(sessions, {
    delete: (id) => pushingAfter(sessions.delete(id)),
    rename: (id, title) => pushingAfter(sessions.rename(id, title)),
    purge: (minAgeDays) => pushingAfter(sessions.purge(minAgeDays)),
  });
  scheduler.start();
  return { sessions: wrapped, firstRound: scheduler.firstRound, stop: () => scheduler.stop(), finish: (ids) => scheduler.finish(ids) };
}
