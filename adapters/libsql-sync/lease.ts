import { LEASE_MS } from "../../core/domain/session-info.ts";
import type { LocalDatabase } from "./local-database.ts";
import { sessionFamily } from "./sharing.ts";

/**
 * Ends this device's lease on a session and its sub-agents' sessions now. Leases merge as the
 * later (lease_until, lease_device_id) on every device and on the server (core/domain/sync-merge.ts,
 * push.ts), so a release cannot move lease_until back: it moves it one millisecond on and drops
 * the device. That beats the lease it ends wherever it arrives, and loses to any lease taken
 * since (a later write's lease_until is its time plus two minutes). A session without a device
 * on its lease is running nowhere. The row becomes this device's write (the sessions trigger
 * queues only those for the next push), also when another device wrote it last (a pulled rename).
 */
export async function releaseLease(db: LocalDatabase, sessionId: string, deviceId: string, now: number): Promise<void> {
  const family = JSON.stringify(await sessionFamily(db, sessionId));
  await db.execute(
    `UPDATE sessions SET lease_until = lease_until + 1, lease_device_id = NULL, device_id = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND lease_device_id = ? AND lease_until > ?`,
    [deviceId, family, deviceId, now],
  );
}

/**
 * This device holds the session from now (a dashboard opened it, or took it over): for the next
 * LEASE_MS, as if it had just written to it, so other devices show it running here and open it
 * read-only. The new lease must beat any it replaces wherever they meet (the later
 * (lease_until, lease_device_id) wins), so it ends no earlier than one millisecond after the
 * current one. A local-only session has no one to tell. The row becomes this device's write,
 * queued for the next push. A lease this device holds for three quarters of LEASE_MS or more is
 * left as it is: a dashboard reads an open session again after every pull that brought rows of
 * it (its own pushed row among them), and renewing each time would push, pull and renew forever;
 * its minutely round renews the one in view well before it ends. True when the lease changed.
 */
export async function takeLease(db: LocalDatabase, sessionId: string, deviceId: string, now: number): Promise<boolean> {
  const changed = await db.execute(
    `UPDATE sessions SET lease_until = MAX(?, COALESCE(lease_until, 0) + 1), lease_device_id = ?, device_id = ?
     WHERE id = ? AND deleted_at IS NULL AND local_only = 0 AND NOT (lease_device_id IS ? AND lease_until >= ?)`,
    [now + LEASE_MS, deviceId, deviceId, sessionId, deviceId, now + (LEASE_MS * 3) / 4],
  );
  return changed > 0;
}

/**
 * A dashboard's minutely renewal of the session in view: like takeLease, but only while this
 * device's lease has not lapsed. A device that slept past its lease must not take the session
 * back from one that opened it since: its renewal would be pushed before its pull brought word
 * of the other lease, and the later lease wins everywhere.
 */
export async function renewLease(db: LocalDatabase, sessionId: string, deviceId: string, now: number): Promise<boolean> {
  const changed = await db.execute(
    `UPDATE sessions SET lease_until = MAX(?, lease_until + 1), device_id = ?
     WHERE id = ? AND deleted_at IS NULL AND local_only = 0 AND lease_device_id = ? AND lease_until > ? AND lease_until < ?`,
    [now + LEASE_MS, deviceId, sessionId, deviceId, now, now + (LEASE_MS * 3) / 4],
  );
  return changed > 0;
}
