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
