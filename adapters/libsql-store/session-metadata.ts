/** Per-session key/value rows (`session_metadata`): the catalog's metadata and the file-change store's pending change. */
import { optionalText, text } from "./column-values.ts";
import type { MetadataKeys } from "../../core/ports/session-catalog.ts";
import type { StoreContext } from "./store-context.ts";

export async function getMetadata(context: StoreContext, sessionId: string, key: string, signal?: AbortSignal): Promise<string | null> {
  const rows = await context.db.rows("SELECT value FROM session_metadata WHERE session_id = ? AND key = ?", [sessionId, key], signal);
  return optionalText(rows[0]?.[0]);
}

export async function listMetadata(context: StoreContext, sessionId: string, keys: MetadataKeys, signal?: AbortSignal): Promise<Map<string, string>> {
  // A range of the primary key (session_id, key), not LIKE: a prefix with % or _ in it means itself,
  // case counts, and only the matching rows are visited. Every key that starts with the prefix sorts
  // below the prefix followed by byte 0xFF, which no UTF-8 text contains.
  const rows = await context.db.rows(
    "SELECT key, value FROM session_metadata WHERE session_id = ?1 AND key >= ?2 AND key < ?2 || CAST(x'FF' AS TEXT) AND key >= ?3 AND (?4 IS NULL OR key <= ?4) ORDER BY key",
    [sessionId, keys.prefix, keys.from ?? "", keys.through ?? null],
    signal,
  );
  return new Map(rows.map((row) => [text(row[0]), text(row[1])]));
}

export async function sessionsWithMetadata(context: StoreContext, key: string, value: string, signal?: AbortSignal): Promise<string[]> {
  const rows = await context.db.rows(
    `SELECT m.session_id FROM session_metadata m JOIN sessions s ON s.id = m.session_id
     WHERE m.key = ? AND m.value = ? AND s.deleted_at IS NULL ORDER BY m.session_id`,
    [key, value],
    signal,
  );
  return rows.map((row) => text(row[0]));
}

/** Rejects when the session does not exist or was deleted. */
export async function setMetadata(context: StoreContext, sessionId: string, key: string, value: string): Promise<void> {
  const written = await context.db.execute(
    `INSERT INTO session_metadata (session_id, key, value, updated_at, device_id)
     SELECT id, ?, ?, ?, ? FROM sessions WHERE id = ? AND deleted_at IS NULL
     ON CONFLICT (session_id, key) DO UPDATE SET value = excluded.value, device_id = excluded.device_id,
       updated_at = max(excluded.updated_at, session_metadata.updated_at + 1)`,
    [key, value, context.now(), context.deviceId, sessionId],
  );
  if (written === 0) throw new Error(`No live session ${sessionId}`);
}

export async function deleteMetadata(context: StoreContext, sessionId: string, key: string): Promise<void> {
  await context.db.execute("DELETE FROM session_metadata WHERE session_id = ? AND key = ?", [sessionId, key]);
}
