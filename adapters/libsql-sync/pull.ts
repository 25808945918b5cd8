import type { InStatement, InValue, Transaction } from "@libsql/client";
import { mergeSessions, type SyncedSession } from "../../core/domain/sync-merge.ts";
import { type AbsentColumns, remoteColumns } from "./remote-schema.ts";
import { madeLocalElsewhere } from "./sharing.ts";
import {
  chunks, FILE_CHANGE_COLUMNS, incomingWinsSql, LOCAL_METADATA_KEYS, jsonColumns, MADE_LOCAL, MESSAGE_COLUMNS, METADATA_COLUMNS, ROWS_PER_STATEMENT, selectAsJson,
  SESSION_COLUMNS, type SyncedTable, TOMBSTONE_COLUMNS, valuesList,
} from "./synced-tables.ts";

/** Rows per pull page: applying one takes ~15 ms, so the event loop never stalls long. */
export const PAGE_ROWS = 500;

/** A table's pull position: every row at or before (rseq, rowid) has been seen. */
export interface Cursor {
  readonly rseq: number;
  readonly rowid: number;
}

/** What arriving rows need to know about this machine. */
export interface Incoming {
  readonly deviceId: string;
  /** The server's project key → this machine's (the reverse of `ursa sync link`). */
  readonly links: ReadonlyMap<string, string>;
  /** Project key → this machine's checkout of it, so a pulled session opens (and shows its files) here. */
  readonly roots: ReadonlyMap<string, string>;
}

/**
 * A page of `table` after `cursor`. Other devices' rows only, except sessions: a session row
 * merges fields from several devices on the server, so one this device wrote last may still carry
 * another's rename (merging it again is idempotent).
 */
export function pageQuery(table: SyncedTable, columns: readonly string[], cursor: Cursor, deviceId: string, absent: AbsentColumns): InStatement {
  const own = table === "sessions" ? "" : "AND device_id != ?";
  const page = `(SELECT ${remoteColumns(table, columns, absent)}, rseq, rowid FROM ${table} WHERE (rseq, rowid) > (?, ?) ${own} ORDER BY rseq, rowid LIMIT ${PAGE_ROWS})`;
  return {
    sql: selectAsJson([...columns, "rseq", "rowid"], page),
    args: table === "sessions" ? [cursor.rseq, cursor.rowid] : [cursor.rseq, cursor.rowid, deviceId],
  };
}

/**
 * Applies a page of pulled rows inside one local write transaction; returns how many were taken,
 * and adds the sessions they belong to to `touched` (tombstones name none).
 */
export async function applyPage(tx: Transaction, table: SyncedTable, rows: readonly InValue[][], incoming: Incoming, touched: Set<string>): Promise<number> {
  switch (table) {
    case "sessions":
      return applySessions(tx, rows, incoming, touched);
    case "tombstones":
      return applyTombstones(tx, rows);
    default:
      return applyChildren(tx, table, rows, incoming, touched);
  }
}

const SESSION_INDEX = Object.fromEntries(SESSION_COLUMNS.map((c, i) => [c, i])) as Record<(typeof SESSION_COLUMNS)[number], number>;

function toSession(row: readonly InValue[]): SyncedSession {
  const v = (c: keyof typeof SESSION_INDEX) => row[SESSION_INDEX[c]] ?? null;
  const n = (c: keyof typeof SESSION_INDEX) => (v(c) === null ? null : Number(v(c)));
  const s = (c: keyof typeof SESSION_INDEX) => (v(c) === null ? null : String(v(c)));
  return {
    id: s("id")!, agentName: s("agent_name")!, projectKey: s("project_key")!, projectRoot: s("project_root")!, parentId: s("parent_id"),
    createdAt: n("created_at")!, title: s("title"), titleClock: { at: n("title_updated_at")!, device: s("title_device_id")! },
    mode: s("mode"), modeClock: { at: n("mode_updated_at")!, device: s("mode_device_id")! }, deletedAt: n("deleted_at"),
    updatedAt: n("updated_at")!, deviceId: s("device_id")!, leaseDeviceId: s("lease_device_id"), leaseUntil: n("lease_until"),
    createdDeviceId: s("created_device_id"),
  };
}

function fromSession(s: SyncedSession): InValue[] {
  return [s.id, s.agentName, s.projectKey, s.projectRoot, s.parentId, s.title, s.titleClock.at, s.titleClock.device, s.mode,
    s.modeClock.at, s.modeClock.device, s.deletedAt, s.createdAt, s.updatedAt, s.deviceId, s.leaseDeviceId, s.leaseUntil,
    s.createdDeviceId];
}

const SESSION_UPDATE = SESSION_COLUMNS.filter((c) => !["id", "agent_name", "parent_id"].includes(c))
  .map((c) => `${c} = excluded.${c}`).join(", ");

/**
 * Merges each session field by field with the local copy (mergeSessions) and writes only what
 * changed: rewriting an unchanged row this device wrote last would queue it for push again.
 * Local-only sessions keep their local copy. A deleted session loses its children here too.
 */
async function applySessions(tx: Transaction, rows: readonly InValue[][], incoming: Incoming, touched: Set<string>): Promise<number> {
  const ids = rows.map((r) => String(r[0]));
  const local = await tx.execute({
    sql: `SELECT ${SESSION_COLUMNS.join(", ")}, local_only FROM sessions WHERE id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(ids)],
  });
  const held = new Map(local.rows.map((r) => [String(r[0]), { session: toSession(Array.from(r) as InValue[]), localOnly: Number(r[SESSION_COLUMNS.length]) === 1 }]));
  const writes: InValue[][] = [];
  const deleted: string[] = [];
  for (const row of rows) {
    const remote = toSession(row);
    const mine = held.get(remote.id);
    if (mine?.localOnly) continue;
    // The server's project key, through this machine's links; a session whose key changed
    // (another machine linked its checkout) moves to this machine's checkout of the new one.
    const projectKey = incoming.links.get(remote.projectKey) ?? remote.projectKey;
    let merged: SyncedSession;
    if (mine) {
      merged = mergeSessions(mine.session, remote);
      if (projectKey !== mine.session.projectKey) {
        merged = { ...merged, projectKey, projectRoot: incoming.roots.get(projectKey) ?? remote.projectRoot };
      }
      if (JSON.stringify(merged) === JSON.stringify(mine.session)) continue;
    } else {
      merged = { ...remote, projectKey, projectRoot: incoming.roots.get(projectKey) ?? remote.projectRoot };
    }
    writes.push(fromSession(merged));
    touched.add(merged.id);
    if (merged.deletedAt !== null && mine?.session.deletedAt == null) deleted.push(merged.id);
  }
  const statements: InStatement[] = chunks(writes, ROWS_PER_STATEMENT).map((chunk) => ({
    sql: `INSERT INTO sessions (${SESSION_COLUMNS.join(", ")}) VALUES ${valuesList(chunk.length, SESSION_COLUMNS.length)}
          ON CONFLICT (id) DO UPDATE SET ${SESSION_UPDATE}`,
    args: chunk.flat(),
  }));
  if (deleted.length > 0) {
    const family = "session_id IN (SELECT value FROM json_each(?))";
    for (const table of ["messages", "session_metadata", "file_changes"]) statements.push({ sql: `DELETE FROM ${table} WHERE ${family}`, args: [JSON.stringify(deleted)] });
  }
  for (const statement of statements) await tx.execute(statement);
  return writes.length;
}

const CHILD_COLUMNS: Record<string, readonly string[]> = { messages: MESSAGE_COLUMNS, session_metadata: METADATA_COLUMNS, file_changes: FILE_CHANGE_COLUMNS };
const CHILD_KEYS: Record<string, string> = { messages: "id", session_metadata: "session_id, key", file_changes: "id" };

/**
 * Upserts child rows (later write wins) of live, shared sessions that this machine knows; rows
 * of deleted or local-only sessions are dropped (tombstones win). A file change arrives with
 * its path relative to the project: it is stored against this machine's checkout, not undoable
 * (its before-content never left the other machine).
 */
async function applyChildren(tx: Transaction, table: SyncedTable, rows: readonly InValue[][], incoming: Incoming, touched: Set<string>): Promise<number> {
  const columns = CHILD_COLUMNS[table]!;
  const sessionAt = columns.indexOf("session_id");
  const sessionIds = [...new Set(rows.map((r) => String(r[sessionAt])))];
  const live = await tx.execute({
    sql: "SELECT id, project_root FROM sessions WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL AND local_only = 0",
    args: [JSON.stringify(sessionIds)],
  });
  const roots = new Map(live.rows.map((r) => [String(r[0]), String(r[1])]));
  const kept = rows
    .filter((r) => roots.has(String(r[sessionAt])) && !(table === "session_metadata" && LOCAL_METADATA_KEYS.includes(String(r[1]))))
    .map((r) => r.slice(0, columns.length));
  for (const row of kept) touched.add(String(row[sessionAt]));
  let insertColumns = columns;
  let values = kept;
  if (table === "file_changes") {
    const pathAt = columns.indexOf("path");
    insertColumns = [...columns, "undoable"];
    values = kept.map((r) => {
      const copy = [...r, 0];
      const path = String(copy[pathAt]);
      if (!path.startsWith("/")) copy[pathAt] = path === "." ? roots.get(String(r[sessionAt]))! : `${roots.get(String(r[sessionAt]))!.replace(/\/+$/, "")}/${path}`;
      return copy;
    });
  }
  const update = columns.map((c) => `${c} = excluded.${c}`).join(", ");
  if (values.length > 0) {
    await tx.execute({
      sql: `INSERT INTO ${table} (${insertColumns.join(", ")}) SELECT ${jsonColumns(insertColumns.length)} FROM json_each(?) WHERE true
            ON CONFLICT (${CHILD_KEYS[table]}) DO UPDATE SET ${update} WHERE ${incomingWinsSql(table)}`,
      args: [JSON.stringify(values)],
    });
  }
  return kept.length;
}

/**
 * Records other devices' tombstones and deletes what they name (purged archived messages). A
 * session another device made local-only (MADE_LOCAL) becomes local-only here too (madeLocalElsewhere).
 */
async function applyTombstones(tx: Transaction, rows: readonly InValue[][]): Promise<number> {
  const madeLocal = rows.filter((r) => r[0] === MADE_LOCAL).map((r) => String(r[1]));
  if (madeLocal.length > 0) for (const statement of madeLocalElsewhere(madeLocal)) await tx.execute(statement);
  const values = rows.filter((r) => r[0] !== MADE_LOCAL).map((r) => r.slice(0, TOMBSTONE_COLUMNS.length));
  if (values.length === 0) return rows.length;
  await tx.execute({
    sql: `INSERT INTO tombstones (${TOMBSTONE_COLUMNS.join(", ")}) SELECT ${jsonColumns(TOMBSTONE_COLUMNS.length)} FROM json_each(?) WHERE true
          ON CONFLICT (table_name, row_id) DO UPDATE SET deleted_at = excluded.deleted_at, device_id = excluded.device_id
          WHERE ${incomingWinsSql("tombstones", "deleted_at")}`,
    args: [JSON.stringify(values)],
  });
  const messages = values.filter((r) => r[0] === "messages").map((r) => String(r[1]));
  if (messages.length > 0) await tx.execute({ sql: "DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))", args: [JSON.stringify(messages)] });
  return rows.length;
}
