import { MADE_LOCAL } from "./synced-tables.ts";

/**
 * Server triggers that keep a session made local-only (a MADE_LOCAL tombstone) off the server
 * whoever writes to it, including an Ursa from before that tombstone existed, which ignores it
 * and would otherwise put the session's rows back with its next push:
 * - a session row for a marked session, or for one whose parent is marked (a sub-agent started
 *   there), is deleted as it lands; the latter gets a tombstone of its own first;
 * - a message, todo or file change of a marked session is deleted as it lands.
 * AFTER INSERT is enough: no row of a marked session stays on the server (the push that leaves the
 * tombstone deletes them), so a write to one is always an insert.
 *
 * Created by every push batch (IF NOT EXISTS: the schema is not touched again), before anything
 * it writes: tombstones only ever come from pushes, so the triggers are there before the first
 * one, on servers set up before them too, and a device with a read-only token, which never
 * pushes, never tries to create them.
 */
/** One primary-key lookup per row written (an IN over every tombstone would build a list per row). */
const marked = (id: string) => `EXISTS (SELECT 1 FROM tombstones WHERE table_name = '${MADE_LOCAL}' AND row_id = ${id})`;

export const MADE_LOCAL_GUARD: readonly string[] = [
  `CREATE TRIGGER IF NOT EXISTS made_local_sessions AFTER INSERT ON sessions
     WHEN ${marked("NEW.id")} OR ${marked("NEW.parent_id")}
   BEGIN
     INSERT INTO tombstones (table_name, row_id, deleted_at, device_id, rseq) VALUES ('${MADE_LOCAL}', NEW.id, NEW.updated_at, NEW.device_id, NEW.rseq)
       ON CONFLICT (table_name, row_id) DO NOTHING;
     DELETE FROM sessions WHERE rowid = NEW.rowid;
   END`,
  ...["messages", "session_metadata", "file_changes"].map((table) =>
    `CREATE TRIGGER IF NOT EXISTS made_local_${table} AFTER INSERT ON ${table} WHEN ${marked("NEW.session_id")}
     BEGIN DELETE FROM ${table} WHERE rowid = NEW.rowid; END`),
];
