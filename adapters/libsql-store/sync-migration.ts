/*
 * Migration 5: what the sync engine (adapters/libsql-sync) needs in the local database.
 *
 * - sessions.local_only: kept off the server; a sub-agent's session inherits it from its parent
 *   (createSession copies it), because a pushed child of an unpushed parent would leak its work.
 * - title/mode clocks: the title and the mode each carry the (time, device) of their last write,
 *   so one device's append (which bumps updated_at) cannot carry a stale title over another
 *   device's later rename. updated_at itself merges as the larger of both copies.
 * - lease_device_id/lease_until: the device that last wrote the session and until when it counts
 *   as live there (two minutes after its last message); another device opens it read-only.
 * - sync_state: URL, cursors, last error, device names, project links; never synced.
 * - sync_outbox: one row per changed row still to push (re-changes bump `version`, so a push only
 *   removes the entries it actually sent). Filled by triggers alone, only for rows this device
 *   wrote in sessions that are not local-only, and only while sync_state holds `outbox_device`
 *   (set when sync is enabled): until then the triggers cost one indexed lookup and write nothing.
 *   Access-time updates (sessions.last_accessed_at) are not in any trigger's column list.
 */

/** This device's id while sync is on; NULL (so every trigger is inert) while it is off. */
const OUTBOX_DEVICE = "(SELECT value FROM sync_state WHERE key = 'outbox_device')";
const SESSION_SHARED = (sessionId: string): string => `(SELECT local_only FROM sessions WHERE id = ${sessionId}) = 0`;

function enqueue(table: string, sessionId: string, rowId: string): string {
  return `INSERT INTO sync_outbox (table_name, session_id, row_id) VALUES ('${table}', ${sessionId}, ${rowId})
    ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`;
}

/** AFTER INSERT and AFTER UPDATE OF `columns` triggers on `table` that enqueue the changed row. */
function triggers(table: string, columns: string, when: string, sessionId: string, rowId: string): string[] {
  const body = `BEGIN ${enqueue(table, sessionId, rowId)}; END`;
  return [
    `CREATE TRIGGER sync_outbox_${table}_insert AFTER INSERT ON ${table} WHEN ${when} ${body}`,
    `CREATE TRIGGER sync_outbox_${table}_update AFTER UPDATE OF ${columns} ON ${table} WHEN ${when} ${body}`,
  ];
}

export const SYNC_MIGRATION: readonly string[] = [
  `ALTER TABLE sessions ADD COLUMN local_only INTEGER NOT NULL DEFAULT 0 CHECK (local_only IN (0, 1))`,
  `ALTER TABLE sessions ADD COLUMN title_updated_at INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sessions ADD COLUMN title_device_id TEXT NOT NULL DEFAULT ''`,
  `ALTER TABLE sessions ADD COLUMN mode_updated_at INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sessions ADD COLUMN mode_device_id TEXT NOT NULL DEFAULT ''`,
  `ALTER TABLE sessions ADD COLUMN lease_device_id TEXT`,
  `ALTER TABLE sessions ADD COLUMN lease_until INTEGER`,
  // Existing rows: the row's clock is the best guess for each field's.
  `UPDATE sessions SET title_updated_at = updated_at, title_device_id = device_id, mode_updated_at = updated_at, mode_device_id = device_id`,
  `CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`,
  // session_id is '' for tombstones (a purged message's session is gone with it).
  `CREATE TABLE sync_outbox (
    table_name TEXT NOT NULL,
    session_id TEXT NOT NULL,
    row_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (table_name, session_id, row_id)
  ) STRICT`,
  `CREATE INDEX sync_outbox_session ON sync_outbox(session_id)`,
  ...triggers("sessions", "title, mode, deleted_at, updated_at, lease_until, device_id",
    `NEW.local_only = 0 AND NEW.device_id = ${OUTBOX_DEVICE}`, "NEW.id", "NEW.id"),
  ...triggers("messages", "updated_at, device_id",
    `NEW.device_id = ${OUTBOX_DEVICE} AND ${SESSION_SHARED("NEW.session_id")}`, "NEW.session_id", "NEW.id"),
  ...triggers("session_metadata", "value, updated_at, device_id",
    `NEW.device_id = ${OUTBOX_DEVICE} AND ${SESSION_SHARED("NEW.session_id")}`, "NEW.session_id", "NEW.key"),
  ...triggers("file_changes", "undone_at, updated_at, device_id",
    `NEW.device_id = ${OUTBOX_DEVICE} AND ${SESSION_SHARED("NEW.session_id")}`, "NEW.session_id", "NEW.id"),
  ...triggers("tombstones", "deleted_at, device_id",
    `NEW.device_id = ${OUTBOX_DEVICE}`, "''", "NEW.table_name || ':' || NEW.row_id"),
];
