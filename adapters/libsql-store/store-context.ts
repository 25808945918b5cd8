import type { QueuedClient } from "./queued-client.ts";

/** What every port's adapter shares: the one queued connection, this device's id and the clock. */
export interface StoreContext {
  readonly db: QueuedClient;
  /** Written on every row a store writes, so a later sync can tell devices apart. */
  readonly deviceId: string;
  /** Epoch-ms clock for every timestamp. */
  readonly now: () => number;
}

/** Whole seconds from `epochMs` to now, never negative; null when there is no time. */
export function secondsSince(context: StoreContext, epochMs: number | null): number | null {
  return epochMs === null ? null : Math.max(0, Math.floor((context.now() - epochMs) / 1000));
}
