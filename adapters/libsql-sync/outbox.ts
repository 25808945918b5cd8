import type { InValue } from "@libsql/client";
import type { LocalDatabase } from "./local-database.ts";
import {
  FILE_CHANGE_COLUMNS, LOCAL_METADATA_KEYS, MESSAGE_COLUMNS, METADATA_COLUMNS, parseJsonRows, selectAsJson, SESSION_COLUMNS, type SyncedTable, TOMBSTONE_COLUMNS,
} from "./synced-tables.ts";

/** One queued change: the row is read at push time, so several changes of a row push once. */
export interface OutboxEntry {
  readonly table: SyncedTable | "forget" | "share";
  readonly sessionId: string;
  readonly rowId: string;
  readonly version: number;
}

/**
 * Forget (remove a session that became local-only from the server) goes before everything else,
 * then share (lift that, for a session shared again), before the rows that share brings.
 */
const PUSH_ORDER = ["forget", "share", "sessions", "messages", "session_metadata", "file_changes", "tombstones"] as const;

/** Up to `limit` entries, in push order (each table read along its primary key). */
export async function readOutbox(db: LocalDatabase, limit: number): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for (const table of PUSH_ORDER) {
    if (entries.length >= limit) break;
    const rows = await db.rows("SELECT session_id, row_id, version FROM sync_outbox WHERE table_name = ? LIMIT ?", [table, limit - entries.length]);
    for (const row of rows) entries.push({ table, sessionId: String(row[0]), rowId: String(row[1]), version: Number(row[2]) });
  }
  return entries;
}

export async function countOutbox(db: LocalDatabase): Promise<number> {
  const rows = await db.rows("SELECT count(*) FROM sync_outbox");
  return Number(rows[0]![0]);
}

/** Removes the entries a committed push sent, unless the row changed again since (its version moved on). */
export async function removeSent(db: LocalDatabase, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(
    `DELETE FROM sync_outbox WHERE rowid IN (
       SELECT o.rowid FROM json_each(?) j JOIN sync_outbox o
         ON o.table_name = json_extract(j.value, '$[0]') AND o.session_id = json_extract(j.value, '$[1]')
        AND o.row_id = json_extract(j.value, '$[2]') AND o.version = json_extract(j.value, '$[3]'))`,
    [JSON.stringify(entries.map((e) => [e.table, e.sessionId, e.rowId, e.version]))],
  );
}

/** The queued rows' current contents, per table (rows deleted since, or now local-only, are absent). */
export interface QueuedRows {
  readonly forget: string[];
  /** Sessions shared again: the server forgets they were made local (MADE_LOCAL). */
  readonly share: string[];
  readonly sessions: InValue[][];
  readonly messages: InValue[][];
  readonly session_metadata: InValue[][];
  /** file_changes columns plus, last, the session's project root (for relative paths). */
  readonly file_changes: InValue[][];
  readonly tombstones: InValue[][];
}

const ids = (entries: readonly OutboxEntry[], table: string) => JSON.stringify(entries.filter((e) => e.table === table).map((e) => e.rowId));
const cols = (alias: string, columns: readonly string[]) => columns.map((c) => `${alias}.${c}`);

/** Reads what `entries` point at, in one read (the store's queue keeps writes out meanwhile). */
export async function loadQueuedRows(db: LocalDatabase, entries: readonly OutboxEntry[]): Promise<QueuedRows> {
  const has = (table: string) => entries.some((e) => e.table === table);
  const shared = "JOIN sessions s ON s.id = t.session_id AND s.local_only = 0";
  const select = async (table: string, columns: string[], from: string, args: InValue[]) =>
    (has(table) ? parseJsonRows((await db.rows(selectAsJson(columns, from), args))[0]?.[0]) as InValue[][] : []);
  const metadataKeys = JSON.stringify(entries.filter((e) => e.table === "session_metadata" && !LOCAL_METADATA_KEYS.includes(e.rowId)).map((e) => [e.sessionId, e.rowId]));
  const tombstoneKeys = JSON.stringify(entries.filter((e) => e.table === "tombstones").map((e) => {
    const cut = e.rowId.indexOf(":");
    return [e.rowId.slice(0, cut), e.rowId.slice(cut + 1)];
  }));
  return {
    forget: entries.filter((e) => e.table === "forget").map((e) => e.rowId),
    share: entries.filter((e) => e.table === "share").map((e) => e.rowId),
    sessions: await select("sessions", cols("t", SESSION_COLUMNS),
      "sessions t WHERE t.local_only = 0 AND t.id IN (SELECT value FROM json_each(?))", [ids(entries, "sessions")]),
    messages: await select("messages", cols("t", MESSAGE_COLUMNS),
      `messages t ${shared} WHERE t.id IN (SELECT value FROM json_each(?))`, [ids(entries, "messages")]),
    session_metadata: await select("session_metadata", cols("t", METADATA_COLUMNS),
      `json_each(?) j JOIN session_metadata t ON t.session_id = json_extract(j.value, '$[0]') AND t.key = json_extract(j.value, '$[1]') ${shared}`,
      [metadataKeys]),
    file_changes: await select("file_changes", [...cols("t", FILE_CHANGE_COLUMNS), "s.project_root"],
      `file_changes t ${shared} WHERE t.id IN (SELECT value FROM json_each(?))`, [ids(entries, "file_changes")]),
    tombstones: await select("tombstones", cols("t", TOMBSTONE_COLUMNS),
      "json_each(?) j JOIN tombstones t ON t.table_name = json_extract(j.value, '$[0]') AND t.row_id = json_extract(j.value, '$[1]')",
      [tombstoneKeys]),
  };
}

/**
 * Queues the rows of shared sessions that `deviceId` wrote since `since` (sync turned back on:
 * the rows written while it was off), or, with a null device, every row whichever device wrote
 * it (a setup with a server this machine has not synced with: it gets the whole history this
 * machine holds). With `sessionIds`, only those sessions' rows and no tombstones (a session
 * shared again after its remote copy was removed). Rows already queued stay as they are.
 */
export async function enqueueRows(db: LocalDatabase, deviceId: string | null, since: number, sessionIds?: readonly string[]): Promise<void> {
  const scope = sessionIds ? "AND s.id IN (SELECT value FROM json_each(?3))" : "";
  const args: InValue[] = sessionIds ? [deviceId, since, JSON.stringify(sessionIds)] : [deviceId, since];
  const insert = (select: string) => ({
    sql: `INSERT INTO sync_outbox (table_name, session_id, row_id) ${select} ON CONFLICT (table_name, session_id, row_id) DO NOTHING`,
    args,
  });
  const child = (table: string, rowId: string) =>
    insert(`SELECT '${table}', t.session_id, t.${rowId} FROM ${table} t JOIN sessions s ON s.id = t.session_id
            WHERE s.local_only = 0 AND (?1 IS NULL OR t.device_id = ?1) AND t.updated_at >= ?2 ${scope}`);
  await db.batch([
    insert(`SELECT 'sessions', s.id, s.id FROM sessions s WHERE s.local_only = 0 AND (?1 IS NULL OR s.device_id = ?1) AND s.updated_at >= ?2 ${scope}`),
    child("messages", "id"),
    child("session_metadata", "key"),
    child("file_changes", "id"),
    ...(sessionIds ? [] : [insert(`SELECT 'tombstones', '', t.table_name || ':' || t.row_id FROM tombstones t WHERE (?1 IS NULL OR t.device_id = ?1) AND t.deleted_at >= ?2`)]),
  ]);
}
