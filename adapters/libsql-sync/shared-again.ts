import type { Client, InValue } from "@libsql/client";
import type { LocalDatabase } from "./local-database.ts";
import { applyPage, type Incoming, PAGE_ROWS } from "./pull.ts";
import { type AbsentColumns, remoteColumns } from "./remote-schema.ts";
import { SHARED_AGAIN } from "./sharing.ts";
import { familyOf, parseJsonRows, selectAsJson, SYNCED_TABLES } from "./synced-tables.ts";

/**
 * Sessions shared again here (`ursa sync share`) after being local-only: while they were, pulls
 * skipped what other devices wrote to them and moved their cursors past it. So the pull after
 * fetches each such session's family (by parent_id, as the server knows it) whole: the session
 * rows and other devices' messages, todos and file changes, applied as pulled rows (later write
 * wins, so rows already here change nothing). Returns how many rows were taken.
 */
export async function fetchSharedAgain(input: {
  readonly db: LocalDatabase;
  readonly remote: <T>(work: (client: Client) => Promise<T>) => Promise<T>;
  readonly incoming: Incoming;
  readonly absent: AbsentColumns;
  readonly signal: AbortSignal;
  /** Gets the id of every session a fetched row belongs to (the dashboard reloads those it shows). */
  readonly sessions: Set<string>;
}): Promise<number> {
  const { db, remote, incoming, absent, signal, sessions } = input;
  const keys = (await db.rows("SELECT key FROM sync_state WHERE substr(key, 1, length(?1)) = ?1", [SHARED_AGAIN])).map((r) => String(r[0]));
  if (keys.length === 0) return 0;
  const ids = JSON.stringify(keys.map((key) => key.slice(SHARED_AGAIN.length)));
  const family = familyOf("SELECT value FROM json_each(?)");
  let taken = 0;
  // Sessions first, so their children find them here; tombstones are pulled whatever a session's state.
  for (const table of SYNCED_TABLES.filter((t) => t.name !== "tombstones")) {
    // This device's own rows are here already (and rewriting them would queue them again).
    const where = table.name === "sessions" ? "id IN (SELECT id FROM family)" : "session_id IN (SELECT id FROM family) AND device_id != ?";
    const columns = remoteColumns(table.name, table.columns, absent);
    let after = 0;
    for (;;) {
      signal.throwIfAborted();
      const page = `(SELECT ${columns}, rowid FROM ${table.name} WHERE rowid > ? AND ${where} ORDER BY rowid LIMIT ${PAGE_ROWS})`;
      const args: InValue[] = table.name === "sessions" ? [ids, after] : [ids, after, incoming.deviceId];
      const result = await remote((client) => client.execute({ sql: `${family} ${selectAsJson([...table.columns, "rowid"], page)}`, args }));
      const rows = parseJsonRows(result.rows[0]?.[0]) as InValue[][];
      if (rows.length > 0) {
        after = Math.max(...rows.map((r) => Number(r[table.columns.length])));
        const values = rows.map((r) => r.slice(0, table.columns.length));
        taken += await db.transaction((tx) => applyPage(tx, table.name, values, incoming, sessions));
      }
      if (rows.length < PAGE_ROWS) break;
    }
  }
  await db.execute("DELETE FROM sync_state WHERE key IN (SELECT value FROM json_each(?))", [JSON.stringify(keys)]);
  return taken;
}
