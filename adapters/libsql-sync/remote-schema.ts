import type { Client, InStatement } from "@libsql/client";
import { httpStatusOf, RemoteFailure } from "./remote-connection.ts";

/**
 * The server's schema. `sync_meta.format` says which shape it has; a client that knows an older
 * format refuses to touch it ("needs a newer Ursa"), and a newer client migrates it forward.
 *
 * Every synced table carries `rseq`: the value of `sync_clock.seq` that the push batch which last
 * wrote the row set. The bump and the rows are one transaction, so rseq order is commit order and
 * a pull pages each table by (rseq, rowid) from its cursor without ever skipping a row.
 * No foreign keys: a child may legitimately arrive before a parent another device has yet to push,
 * and the tombstone rule (children of deleted sessions are dropped) is applied by each push.
 * Never here: keys, kv_store (MCP configs hold secrets), file_changes.before_content, local-only
 * sessions, last_accessed_at.
 */
export const REMOTE_FORMAT = 1;

const SYNCED = (table: string, columns: string, key = "PRIMARY KEY (id)") => [
  `CREATE TABLE IF NOT EXISTS ${table} (${columns}, rseq INTEGER NOT NULL, ${key})`,
  `CREATE INDEX IF NOT EXISTS ${table}_rseq ON ${table}(rseq)`,
];

export const REMOTE_SCHEMA: readonly string[] = [
  "CREATE TABLE IF NOT EXISTS sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS sync_clock (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)",
  "INSERT INTO sync_clock (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
  "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, last_seen_at INTEGER NOT NULL)",
  ...SYNCED("sessions", `id TEXT NOT NULL, agent_name TEXT NOT NULL, project_key TEXT NOT NULL, project_root TEXT NOT NULL,
    parent_id TEXT, title TEXT, title_updated_at INTEGER NOT NULL, title_device_id TEXT NOT NULL,
    mode TEXT, mode_updated_at INTEGER NOT NULL, mode_device_id TEXT NOT NULL, deleted_at INTEGER,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, device_id TEXT NOT NULL, lease_device_id TEXT, lease_until INTEGER,
    created_device_id TEXT`),
  "CREATE INDEX IF NOT EXISTS sessions_project ON sessions(project_key)",
  ...SYNCED("messages", `id TEXT NOT NULL, session_id TEXT NOT NULL, sort_key TEXT NOT NULL, role TEXT NOT NULL,
    content TEXT, full_content TEXT, tool_calls TEXT, tool_call_id TEXT, thinking_content TEXT, thinking_signature TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER, cache_read_tokens INTEGER, cache_creation_tokens INTEGER,
    thinking_tokens INTEGER, stop_reason TEXT, agent_name TEXT, completed_at INTEGER, compacted_at INTEGER,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, device_id TEXT NOT NULL, model TEXT, provider TEXT, cost_usd REAL`),
  "CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id)",
  ...SYNCED("session_metadata", `session_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    updated_at INTEGER NOT NULL, device_id TEXT NOT NULL`, "PRIMARY KEY (session_id, key)"),
  ...SYNCED("file_changes", `id TEXT NOT NULL, session_id TEXT NOT NULL, turn_id TEXT NOT NULL, path TEXT NOT NULL,
    kind TEXT NOT NULL, added INTEGER NOT NULL, removed INTEGER NOT NULL, tool TEXT NOT NULL, undone_at INTEGER,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, device_id TEXT NOT NULL`),
  "CREATE INDEX IF NOT EXISTS file_changes_session ON file_changes(session_id)",
  ...SYNCED("tombstones", `table_name TEXT NOT NULL, row_id TEXT NOT NULL, deleted_at INTEGER NOT NULL, device_id TEXT NOT NULL`,
    "PRIMARY KEY (table_name, row_id)"),
  // Last: a server with a format row has the whole schema.
  `INSERT INTO sync_meta (key, value) VALUES ('format', '${REMOTE_FORMAT}') ON CONFLICT (key) DO NOTHING`,
];

/**
 * Columns added within format 1, nullable, that a server set up by an older Ursa lacks. Older
 * clients name their columns, so they go on reading and writing such a server (leaving these
 * NULL); this one adds them when a statement finds one missing (see ensureRemoteSchema).
 */
const ADDED_COLUMNS: readonly { readonly table: string; readonly column: string; readonly type: string }[] = [
  { table: "sessions", column: "created_device_id", type: "TEXT" },
];

/**
 * Added columns (`table.column`) the server lacks and this device's token may not add (sqld's
 * 403 to a read-only token): its pulls read NULL there, as an older client's writes leave it.
 */
export type AbsentColumns = ReadonlySet<string>;

/** `columns` of `table` as a pull selects them from the server (a select list): NULL where the server lacks one. */
export function remoteColumns(table: string, columns: readonly string[], absent: AbsentColumns): string {
  return columns.map((c) => (absent.has(`${table}.${c}`) ? `NULL AS ${c}` : c)).join(", ");
}

/** A cheap statement that fails with "no such column" on a server lacking an added column. */
export const PROBE_ADDED_COLUMNS = `SELECT ${ADDED_COLUMNS.map((c) => `(SELECT ${c.column} FROM ${c.table} LIMIT 0)`).join(", ")}`;

/** Whether an error means the server lacks (part of) the schema, which ensureRemoteSchema mends. */
export function isMissingSchema(error: unknown): boolean {
  return /no such (table|column)/i.test(String((error as Error)?.message ?? error));
}

/** The server's format, or null when it has no sync schema yet. */
export const SELECT_FORMAT = "SELECT value FROM sync_meta WHERE key = 'format'";

/** Throws "needs newer" for a format this client does not know; true when the schema exists. */
export function checkFormat(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const format = Number(value);
  if (!(format <= REMOTE_FORMAT)) {
    throw new RemoteFailure("needs_newer", `the server holds sync format ${String(value)}; this Ursa knows up to ${REMOTE_FORMAT}: update Ursa`);
  }
  return true;
}

/**
 * Creates the schema where it is missing (idempotent), after refusing a newer format; returns the
 * added columns still missing because this token may not add them.
 */
export async function ensureRemoteSchema(client: Client): Promise<AbsentColumns> {
  const [meta] = await client.batch(["SELECT 1 FROM sqlite_schema WHERE name = 'sync_meta'"], "read");
  if (meta!.rows.length > 0) {
    const [format] = await client.batch([SELECT_FORMAT], "read");
    if (checkFormat(format!.rows[0]?.[0] ?? null)) return addMissingColumns(client);
  }
  await client.batch([...REMOTE_SCHEMA], "write");
  return new Set();
}

async function addMissingColumns(client: Client): Promise<AbsentColumns> {
  const present = await client.batch(ADDED_COLUMNS.map((c) => ({ sql: `SELECT 1 FROM pragma_table_info('${c.table}') WHERE name = ?`, args: [c.column] })), "read");
  const missing = ADDED_COLUMNS.filter((_, i) => present[i]!.rows.length === 0);
  const absent = new Set<string>();
  for (const c of missing) {
    await client.execute(`ALTER TABLE ${c.table} ADD COLUMN ${c.column} ${c.type}`).catch((error: Error) => {
      // Another client may add it at the same moment: that is as good.
      if (/duplicate column/i.test(error.message)) return;
      // A read-only token: a read-write device adds it on its next round; until then, read NULL.
      if (httpStatusOf(error) === 403) absent.add(`${c.table}.${c.column}`);
      else throw error;
    });
  }
  return absent;
}

/** This device's `devices` row (name, last seen): written by every push, and by setup. */
export function upsertDevice(device: { readonly id: string; readonly name: string }, now: number): InStatement {
  return {
    sql: "INSERT INTO devices (id, name, last_seen_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, last_seen_at = excluded.last_seen_at",
    args: [device.id, device.name, now],
  };
}

/**
 * Setup's check of the token: ensures the schema, then writes this device's row, a harmless
 * write every push repeats. True when the server refused either with 403 (a read-only token,
 * which sqld lets read): this device can pull but not push.
 */
export async function refusesWrites(client: Client, device: { readonly id: string; readonly name: string }, now: number): Promise<boolean> {
  try {
    await ensureRemoteSchema(client);
    await client.batch([upsertDevice(device, now)], "write");
    return false;
  } catch (error) {
    if (httpStatusOf(error) === 403) return true;
    throw error;
  }
}
