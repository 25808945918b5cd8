/** Per-session key/value rows (`session_metadata`): the catalog's metadata and the file-change store's pending change. */
import { optionalText } from "./column-values.ts";
import type { StoreContext } from "./store-context.ts";

export async function getMetadata(context: StoreContext, sessionId: string, key: string, signal?: AbortSignal): Promise<string | null> {
  const rows = await context.db.rows("SELECT value FROM session_metadata WHERE session_id = ? AND key = ?", [sessionId, key], signal);
  return optionalText(rows[0]?.[0]);
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
