import type { FileChange } from "../../core/domain/file-change.ts";
import type { RecordedFileChange } from "../../core/ports/file-change-store.ts";
import { integer, optionalText, text } from "./column-values.ts";
import type { QueuedClient } from "./queued-client.ts";

const COLUMNS = "path, kind, added, removed, turn_id, tool, created_at, undoable, before_content";

type Row = ArrayLike<unknown>;

function toChange(row: Row): RecordedFileChange {
  return {
    path: text(row[0]),
    kind: text(row[1]) as FileChange["kind"],
    added: integer(row[2]),
    removed: integer(row[3]),
    turnId: text(row[4]),
    tool: text(row[5]),
    at: integer(row[6]),
    undoable: integer(row[7]) === 1,
    before: optionalText(row[8]),
  };
}

export async function recordFileChange(db: QueuedClient, sessionId: string, change: RecordedFileChange, meta: { id: string; now: number; deviceId: string }): Promise<void> {
  await db.execute(
    `INSERT INTO file_changes (id, session_id, turn_id, path, kind, added, removed, tool, undoable, before_content, created_at, updated_at, device_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [meta.id, sessionId, change.turnId, change.path, change.kind, change.added, change.removed, change.tool, change.undoable ? 1 : 0,
      change.undoable ? change.before : null, change.at, meta.now, meta.deviceId],
  );
}

export async function listFileChanges(db: QueuedClient, sessionId: string): Promise<FileChange[]> {
  const rows = await db.rows(`SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id`, [sessionId]);
  return rows.map((row) => {
    const { before: _before, ...change } = toChange(row);
    return change;
  });
}

export async function changesOf(db: QueuedClient, sessionId: string, path: string): Promise<RecordedFileChange[]> {
  const rows = await db.rows(`SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND path = ? AND undone_at IS NULL ORDER BY id`, [sessionId, path]);
  return rows.map(toChange);
}

/** Created by an exactly tracked change and not deleted by a later one (undone turns ignored). */
export async function ownedFiles(db: QueuedClient, sessionId: string): Promise<string[]> {
  const rows = await db.rows(`SELECT path, kind, undoable FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id`, [sessionId]);
  const owned = new Set<string>();
  for (const row of rows) {
    const path = text(row[0]);
    const kind = text(row[1]);
    if (kind === "created" && integer(row[2]) === 1) owned.add(path);
    else if (kind === "deleted") owned.delete(path);
  }
  return [...owned];
}

export async function lastUndoableTurn(db: QueuedClient, sessionId: string): Promise<{ turnId: string; changes: RecordedFileChange[] } | null> {
  const last = await db.rows(`SELECT turn_id FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, [sessionId]);
  if (!last[0]) return null;
  const turnId = text(last[0][0]);
  const rows = await db.rows(`SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND turn_id = ? AND undone_at IS NULL ORDER BY id`, [sessionId, turnId]);
  return { turnId, changes: rows.map(toChange) };
}

export async function markTurnUndone(db: QueuedClient, sessionId: string, turnId: string, now: number, deviceId: string): Promise<void> {
  await db.execute(`UPDATE file_changes SET undone_at = ?, updated_at = ?, device_id = ? WHERE session_id = ? AND turn_id = ? AND undone_at IS NULL`, [now, now, deviceId, sessionId, turnId]);
}
