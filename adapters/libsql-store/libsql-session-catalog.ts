import { newId } from "../../core/domain/ids.ts";
import type { ProjectRef, SessionInfo } from "../../core/domain/session-info.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { MetadataKeys, SessionCatalog } from "../../core/ports/session-catalog.ts";
import { optionalInteger, text } from "./column-values.ts";
import { getMetadata, listMetadata, sessionsWithMetadata, setMetadata } from "./session-metadata.ts";
import { SELECT_SESSION_INFO, toSessionInfo, toTrustMode } from "./session-row.ts";
import { secondsSince, type StoreContext } from "./store-context.ts";

const DEFAULT_PREFIX_LIMIT = 20;

/** The SessionCatalog over the `sessions` and `session_metadata` tables. */
export class LibsqlSessionCatalog implements SessionCatalog {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  async createSession(input: { agentName: string; project: ProjectRef; mode?: TrustMode; parentId?: string }): Promise<string> {
    const id = newId();
    const now = this.#c.now();
    const device = this.#c.deviceId;
    // A sub-agent's session inherits local_only: its work must not reach the server if its parent's does not.
    await this.#c.db.execute(
      `INSERT INTO sessions (id, agent_name, project_key, project_root, mode, parent_id, created_at, updated_at, device_id, created_device_id,
         title_updated_at, title_device_id, mode_updated_at, mode_device_id, local_only)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT local_only FROM sessions WHERE id = ?), 0))`,
      [id, input.agentName, input.project.key, input.project.root, input.mode ?? null, input.parentId ?? null, now, now, device, device,
        now, device, now, device, input.parentId ?? null],
    );
    return id;
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<SessionInfo | null> {
    const rows = await this.#c.db.rows(`${SELECT_SESSION_INFO} AND s.id = ?`, [sessionId], signal);
    return rows[0] ? toSessionInfo(rows[0], this.#me()) : null;
  }

  async listSessions(options: { projectKey?: string; limit: number; topLevel?: boolean }, signal?: AbortSignal): Promise<SessionInfo[]> {
    const { projectKey, limit } = options;
    const where = `${projectKey === undefined ? "" : " AND s.project_key = ?"}${options.topLevel ? " AND s.parent_id IS NULL" : ""}`;
    const rows = await this.#c.db.rows(
      `${SELECT_SESSION_INFO}${where} ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`,
      [...(projectKey === undefined ? [] : [projectKey]), limit],
      signal,
    );
    const me = this.#me();
    return rows.map((row) => toSessionInfo(row, me));
  }

  async findSessionsByPrefix(prefix: string, limit = DEFAULT_PREFIX_LIMIT, signal?: AbortSignal): Promise<string[]> {
    // LIKE ignores ASCII case, so a prefix typed in capitals still finds the (lowercase) id.
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.#c.db.rows(
      "SELECT id FROM sessions WHERE deleted_at IS NULL AND id LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, id DESC LIMIT ?",
      [pattern, limit],
      signal,
    );
    return rows.map((row) => text(row[0]));
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const now = this.#c.now();
    const device = this.#c.deviceId;
    // The row stays as a tombstone so a replica learns of the deletion; the title is user content,
    // so it goes. Its sub-agents' sessions go with it: they were part of its work.
    const tombstone = "UPDATE sessions SET deleted_at = ?, updated_at = ?, title = NULL, device_id = ? WHERE deleted_at IS NULL AND";
    const family = "session_id IN (SELECT id FROM sessions WHERE id = ? OR parent_id = ?)";
    const [tombstoned] = await this.#c.db.batch([
      { sql: `${tombstone} id = ?`, args: [now, now, device, sessionId] },
      { sql: `${tombstone} parent_id = ?`, args: [now, now, device, sessionId] },
      { sql: `DELETE FROM messages WHERE ${family}`, args: [sessionId, sessionId] },
      { sql: `DELETE FROM session_metadata WHERE ${family}`, args: [sessionId, sessionId] },
      { sql: `DELETE FROM file_changes WHERE ${family}`, args: [sessionId, sessionId] },
    ]);
    return tombstoned! > 0;
  }

  async setSessionTitle(sessionId: string, title: string): Promise<void> {
    await this.#updateSession(sessionId, "title", title);
  }

  async setSessionMode(sessionId: string, mode: TrustMode): Promise<void> {
    await this.#updateSession(sessionId, "mode", mode);
  }

  async getSessionMode(sessionId: string, signal?: AbortSignal): Promise<TrustMode | null> {
    const rows = await this.#c.db.rows("SELECT mode FROM sessions WHERE id = ? AND deleted_at IS NULL", [sessionId], signal);
    return toTrustMode(rows[0]?.[0]);
  }

  async getSessionIdleSeconds(sessionId: string, signal?: AbortSignal): Promise<number | null> {
    const rows = await this.#c.db.rows("SELECT last_accessed_at FROM sessions WHERE id = ? AND deleted_at IS NULL", [sessionId], signal);
    return secondsSince(this.#c, optionalInteger(rows[0]?.[0]));
  }

  getMetadata(sessionId: string, key: string, signal?: AbortSignal): Promise<string | null> {
    return getMetadata(this.#c, sessionId, key, signal);
  }

  listMetadata(sessionId: string, keys: MetadataKeys, signal?: AbortSignal): Promise<Map<string, string>> {
    return listMetadata(this.#c, sessionId, keys, signal);
  }

  sessionsWithMetadata(key: string, value: string, signal?: AbortSignal): Promise<string[]> {
    return sessionsWithMetadata(this.#c, key, value, signal);
  }

  setMetadata(sessionId: string, key: string, value: string): Promise<void> {
    return setMetadata(this.#c, sessionId, key, value);
  }

  getTodo(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    return getMetadata(this.#c, sessionId, "todo", signal);
  }

  setTodo(sessionId: string, content: string): Promise<void> {
    return setMetadata(this.#c, sessionId, "todo", content);
  }

  #updateSession(sessionId: string, column: "title" | "mode", value: string): Promise<number> {
    return this.#c.db.execute(
      // The field's clock never goes back: a rename made after seeing another device's (whose
      // clock may run ahead of this one) must still count as the later write when they sync.
      `UPDATE sessions SET ${column} = ?1, ${column}_updated_at = max(?2, ${column}_updated_at + 1), ${column}_device_id = ?3,
         updated_at = ?2, device_id = ?3
       WHERE id = ?4 AND deleted_at IS NULL`,
      [value, this.#c.now(), this.#c.deviceId, sessionId],
    );
  }

  #me(): { deviceId: string; now: number } {
    return { deviceId: this.#c.deviceId, now: this.#c.now() };
  }
}
