import type { FileChange } from "../../core/domain/file-change.ts";
import { newId } from "../../core/domain/ids.ts";
import type { FileChangeStore, PendingChange, RecordedFileChange } from "../../core/ports/file-change-store.ts";
import { integer, optionalText, text } from "./column-values.ts";
import { deleteMetadata, getMetadata, setMetadata } from "./session-metadata.ts";
import type { StoreContext } from "./store-context.ts";

const COLUMNS = "path, kind, added, removed, turn_id, tool, created_at, undoable, before_content";
/** The session metadata key of the change a tool is making (setPendingChange). */
const PENDING_CHANGE_KEY = "pending_file_change";

/** The FileChangeStore over the `file_changes` table (ids are UUID v7, so id order is recording order). */
export class LibsqlFileChangeStore implements FileChangeStore {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  async recordFileChange(sessionId: string, change: RecordedFileChange): Promise<void> {
    const now = this.#c.now();
    await this.#c.db.execute(
      `INSERT INTO file_changes (id, session_id, turn_id, path, kind, added, removed, tool, undoable, before_content, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId(), sessionId, change.turnId, change.path, change.kind, change.added, change.removed, change.tool, change.undoable ? 1 : 0,
        change.undoable ? change.before : null, change.at, now, this.#c.deviceId],
    );
  }

  async listFileChanges(sessionId: string, signal?: AbortSignal): Promise<FileChange[]> {
    const rows = await this.#c.db.rows(`SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id`, [sessionId], signal);
    return rows.map((row) => {
      const { before: _before, ...change } = toChange(row);
      return change;
    });
  }

  async changesOf(sessionId: string, path: string, signal?: AbortSignal): Promise<RecordedFileChange[]> {
    const rows = await this.#c.db.rows(
      `SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND path = ? AND undone_at IS NULL ORDER BY id`,
      [sessionId, path],
      signal,
    );
    return rows.map(toChange);
  }

  /** Created by an exactly tracked change and not deleted by a later one (undone turns ignored). */
  async ownedFiles(sessionId: string, signal?: AbortSignal): Promise<string[]> {
    const rows = await this.#c.db.rows(`SELECT path, kind, undoable FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id`, [sessionId], signal);
    const owned = new Set<string>();
    for (const row of rows) {
      const path = text(row[0]);
      const kind = text(row[1]);
      if (kind === "created" && integer(row[2]) === 1) owned.add(path);
      else if (kind === "deleted") owned.delete(path);
    }
    return [...owned];
  }

  async lastUndoableTurn(sessionId: string, signal?: AbortSignal): Promise<{ turnId: string; changes: RecordedFileChange[] } | null> {
    // Both reads in one queued task, so no write lands between them.
    return this.#c.db.read(async (client) => {
      const last = await client.execute({ sql: "SELECT turn_id FROM file_changes WHERE session_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1", args: [sessionId] });
      if (!last.rows[0]) return null;
      const turnId = text(last.rows[0][0]);
      const rows = await client.execute({
        sql: `SELECT ${COLUMNS} FROM file_changes WHERE session_id = ? AND turn_id = ? AND undone_at IS NULL ORDER BY id`,
        args: [sessionId, turnId],
      });
      return { turnId, changes: rows.rows.map(toChange) };
    }, signal);
  }

  async markTurnUndone(sessionId: string, turnId: string): Promise<void> {
    const now = this.#c.now();
    await this.#c.db.execute(
      "UPDATE file_changes SET undone_at = ?, updated_at = ?, device_id = ? WHERE session_id = ? AND turn_id = ? AND undone_at IS NULL",
      [now, now, this.#c.deviceId, sessionId, turnId],
    );
  }

  async setPendingChange(sessionId: string, pending: PendingChange | null): Promise<void> {
    if (pending !== null) await setMetadata(this.#c, sessionId, PENDING_CHANGE_KEY, JSON.stringify(pending));
    else await deleteMetadata(this.#c, sessionId, PENDING_CHANGE_KEY);
  }

  async pendingChange(sessionId: string, signal?: AbortSignal): Promise<PendingChange | null> {
    const stored = await getMetadata(this.#c, sessionId, PENDING_CHANGE_KEY, signal);
    return stored === null ? null : (JSON.parse(stored) as PendingChange);
  }
}

function toChange(row: ArrayLike<unknown>): RecordedFileChange {
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
