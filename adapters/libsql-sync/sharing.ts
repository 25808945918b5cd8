import type { InStatement } from "@libsql/client";
import type { LocalDatabase } from "./local-database.ts";
import { enqueueRows } from "./outbox.ts";
import type { SyncSettings } from "./sync-settings.ts";
import { familyOf } from "./synced-tables.ts";

/**
 * `sync_state` key prefix of a session shared again here after it was local-only: the next pull
 * fetches its family whole (shared-again.ts), since pulls skipped it meanwhile.
 */
export const SHARED_AGAIN = "shared_again:";

/** The session and its sub-agents' sessions, at any depth. */
export async function sessionFamily(db: LocalDatabase, sessionId: string): Promise<string[]> {
  const rows = await db.rows(
    `${familyOf("SELECT id FROM sessions WHERE id = ?")} SELECT id FROM family`,
    [sessionId],
  );
  if (rows.length === 0) throw new Error(`No session ${sessionId}`);
  return rows.map((r) => String(r[0]));
}

/**
 * The server's word that `sessionIds` were made local-only on another device (a pulled
 * MADE_LOCAL tombstone, or a push of this device's that the server dropped for it): this copy
 * becomes local-only too, with its sub-agents' sessions, and their queued entries go (the server
 * would drop them). The copy stays, with whatever was written to it here, and is never pushed back.
 */
export function madeLocalElsewhere(sessionIds: readonly string[]): InStatement[] {
  const family = familyOf("SELECT id FROM sessions WHERE id IN (SELECT value FROM json_each(?))");
  const args = [JSON.stringify(sessionIds)];
  return [
    { sql: `${family} UPDATE sessions SET local_only = 1 WHERE id IN (SELECT id FROM family)`, args },
    { sql: `${family} DELETE FROM sync_outbox WHERE session_id IN (SELECT id FROM family)`, args },
  ];
}

/**
 * local=true: the session and its sub-agents' sessions stay off the server; their queued
 * changes are dropped and, once sync has a server, the server's copy is removed at the next push,
 * which leaves word (MADE_LOCAL) for other devices to make their copies local-only too.
 * local=false: shared again; that word is lifted and all of their rows are queued, whichever
 * device wrote them, since the server's copy was removed. A removal still queued is cancelled
 * instead (the server's copy is still there, and nothing is lifted).
 */
export async function setSessionLocalOnly(db: LocalDatabase, sessionId: string, local: boolean, everSynced: boolean): Promise<void> {
  const family = JSON.stringify(await sessionFamily(db, sessionId));
  if (local) {
    await db.batch([
      { sql: "UPDATE sessions SET local_only = 1 WHERE id IN (SELECT value FROM json_each(?))", args: [family] },
      { sql: "DELETE FROM sync_outbox WHERE session_id IN (SELECT value FROM json_each(?))", args: [family] },
      // A no-op on the server where the session never arrived.
      ...(everSynced ? [{
        sql: `INSERT INTO sync_outbox (table_name, session_id, row_id) SELECT 'forget', value, value FROM json_each(?) WHERE true
              ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`,
        args: [family],
      }] : []),
    ]);
  } else {
    await db.execute("UPDATE sessions SET local_only = 0 WHERE id IN (SELECT value FROM json_each(?))", [family]);
    if (everSynced) {
      // A removal still queued never reached the server: cancelling it is all sharing again takes
      // there (it left no word to lift, and rows other devices pushed meanwhile must stay).
      await db.transaction(async (tx) => {
        const queued = await tx.execute({ sql: "SELECT json_group_array(row_id) FROM sync_outbox WHERE table_name = 'forget' AND row_id IN (SELECT value FROM json_each(?))", args: [family] });
        const cancelled = String(queued.rows[0]?.[0] ?? "[]");
        await tx.execute({ sql: "DELETE FROM sync_outbox WHERE table_name = 'forget' AND row_id IN (SELECT value FROM json_each(?))", args: [cancelled] });
        await tx.execute({
          sql: `INSERT INTO sync_outbox (table_name, session_id, row_id) SELECT 'share', value, value FROM json_each(?1) WHERE value NOT IN (SELECT value FROM json_each(?2))
                ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`,
          args: [family, cancelled],
        });
        await tx.execute({
          sql: `INSERT INTO sync_state (key, value) SELECT '${SHARED_AGAIN}' || value, '1' FROM json_each(?) WHERE true ON CONFLICT (key) DO NOTHING`,
          args: [family],
        });
      });
      // Every row, whichever device wrote it: the server's copy was removed, or (a cancelled
      // removal) what was queued here before was dropped when it was made local.
      await enqueueRows(db, null, 0, JSON.parse(family) as string[]);
    }
  }
}

/**
 * Maps this checkout's project key to `projectKey` (another machine's): sessions already pulled
 * under that key become this checkout's, and this checkout's sessions already on the server go
 * up again under the linked key (push maps the key through the link). project_key is in no
 * outbox trigger, so the re-labelling itself queues nothing.
 */
export async function linkProject(
  db: LocalDatabase,
  settings: SyncSettings,
  here: { readonly key: string; readonly root: string },
  projectKey: string,
  syncOn: boolean,
): Promise<void> {
  await settings.set({ [`link:${here.key}`]: projectKey === here.key ? null : projectKey, [`root:${here.key}`]: here.root });
  if (projectKey === here.key) return;
  await db.batch([
    { sql: "UPDATE sessions SET project_key = ?, project_root = ? WHERE project_key = ?", args: [here.key, here.root, projectKey] },
    ...(syncOn ? [{
      sql: `INSERT INTO sync_outbox (table_name, session_id, row_id) SELECT 'sessions', id, id FROM sessions
            WHERE project_key = ? AND local_only = 0
            ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`,
      args: [here.key],
    }] : []),
  ]);
}
