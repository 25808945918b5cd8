/**
 * How two devices' copies of the same synced row become one (issue 10). Pure rules; the sync
 * adapter applies them in JavaScript on pull and spells the same comparisons in SQL for the
 * server's upserts (adapters/libsql-sync/remote-upserts.ts), and the property test checks both
 * converge.
 *
 * 1. Rows are unioned by id: appends from every device are kept, ordered by (sort key, id).
 * 2. A mutable row takes the later write by (clock, device); the device breaks ties, so every
 *    replica picks the same winner without talking to the others.
 * 3. A session's title and mode each have their own clock: an append on one device (which moves
 *    the session's updated_at) does not carry its stale title over another device's later rename.
 * 4. Tombstones win: a deleted session stays deleted, and children arriving for it are dropped.
 */

export interface WriteClock {
  readonly at: number;
  readonly device: string;
}

/** True when write `a` is later than `b` by (clock, device). */
export function isLaterWrite(a: WriteClock, b: WriteClock): boolean {
  return a.at !== b.at ? a.at > b.at : a.device > b.device;
}

/**
 * Whether the incoming write replaces the held one. On an exact tie of (clock, device), which only
 * one device's two writes within the same millisecond can produce, the incoming (more recent)
 * state wins: a device's own later state always replaces its earlier state.
 */
export function incomingWins(held: WriteClock, incoming: WriteClock): boolean {
  return !isLaterWrite(held, incoming);
}

/** Which copy of a whole-row mutable record (message, todo, file change) survives; `b` is the incoming one. */
export function laterRow<T extends { readonly updatedAt: number; readonly deviceId: string }>(a: T, b: T): T {
  return incomingWins({ at: a.updatedAt, device: a.deviceId }, { at: b.updatedAt, device: b.deviceId }) ? b : a;
}

/** The synced fields of a session row. */
export interface SyncedSession {
  readonly id: string;
  readonly agentName: string;
  readonly projectKey: string;
  readonly projectRoot: string;
  readonly parentId: string | null;
  readonly createdAt: number;
  readonly title: string | null;
  readonly titleClock: WriteClock;
  readonly mode: string | null;
  readonly modeClock: WriteClock;
  readonly deletedAt: number | null;
  readonly updatedAt: number;
  readonly deviceId: string;
  readonly leaseDeviceId: string | null;
  readonly leaseUntil: number | null;
  /** Set once, by the device that created it; null when an older Ursa pushed it. */
  readonly createdDeviceId: string | null;
}

/**
 * Field by field; `b` is the incoming copy. Commutative (but for same-device ties, see
 * incomingWins) and idempotent, so replicas that saw the same writes in any order hold the same
 * row. `a`'s identity fields are kept: they never change after creation, except the project
 * root, which is each machine's own checkout.
 */
export function mergeSessions(a: SyncedSession, b: SyncedSession): SyncedSession {
  const titleFromB = incomingWins(a.titleClock, b.titleClock);
  const modeFromB = incomingWins(a.modeClock, b.modeClock);
  const rowFromB = incomingWins({ at: a.updatedAt, device: a.deviceId }, { at: b.updatedAt, device: b.deviceId });
  const leaseFromB = incomingWins({ at: a.leaseUntil ?? 0, device: a.leaseDeviceId ?? "" }, { at: b.leaseUntil ?? 0, device: b.leaseDeviceId ?? "" });
  const deletedAt = a.deletedAt === null ? b.deletedAt : b.deletedAt === null ? a.deletedAt : Math.min(a.deletedAt, b.deletedAt);
  return {
    ...a,
    createdAt: Math.min(a.createdAt, b.createdAt),
    // A deleted session keeps no user content.
    title: deletedAt !== null ? null : titleFromB ? b.title : a.title,
    titleClock: titleFromB ? b.titleClock : a.titleClock,
    mode: modeFromB ? b.mode : a.mode,
    modeClock: modeFromB ? b.modeClock : a.modeClock,
    deletedAt,
    updatedAt: rowFromB ? b.updatedAt : a.updatedAt,
    deviceId: rowFromB ? b.deviceId : a.deviceId,
    leaseDeviceId: leaseFromB ? b.leaseDeviceId : a.leaseDeviceId,
    leaseUntil: leaseFromB ? b.leaseUntil : a.leaseUntil,
    createdDeviceId: a.createdDeviceId ?? b.createdDeviceId,
  };
}

/** Tombstones win: a child row (message, todo, file change) of a deleted or unknown session is dropped. */
export function keepsChild(session: { readonly deletedAt: number | null } | null): boolean {
  return session !== null && session.deletedAt === null;
}
