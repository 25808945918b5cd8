import type { LocalDatabase } from "./local-database.ts";
import { enqueueRows } from "./outbox.ts";
import type { SyncSettings } from "./sync-settings.ts";

/** The session and its sub-agents' sessions, at any depth. */
export async function sessionFamily(db: LocalDatabase, sessionId: string): Promise<string[]> {
  const rows = await db.rows(
    `WITH RECURSIVE family(id) AS (SELECT id FROM sessions WHERE id = ? UNION SELECT s.id FROM sessions s JOIN family f ON s.parent_id = f.id)
     SELECT id FROM family`,
    [sessionId],
  );
  if (rows.length === 0) throw new Error(`No session ${sessionId}`);
  return rows.map((r) => String(r[0]));
}

/**
 * local=true: the session and its sub-agents' sessions stay off the server; their queued
 * changes are dropped and, once sync has a server, the server's copy is removed at the next push,
 * which leaves word (MADE_LOCAL) for other devices to make their copies local-only too.
 * local=false: shared again; that word is lifted and all of their rows are queued, whichever
 * device wrote them, since the server's copy was removed.
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
      await db.execute(
        `INSERT INTO sync_outbox (table_name, session_id, row_id) SELECT 'share', value, value FROM json_each(?) WHERE true
         ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`,
        [family],
      );
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
