import { newId } from "../../core/domain/ids.ts";
import type { NewMessage, StoredMessage } from "../../core/domain/message.ts";
import type { CompactedStats, Interruption, ProjectRef, SessionInfo } from "../../core/domain/session-info.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { SessionUsage } from "../../core/domain/usage.ts";
import type { FileChange } from "../../core/domain/file-change.ts";
import type { FileChangeStore, PendingChange, RecordedFileChange } from "../../core/ports/file-change-store.ts";
import type { SettingsStore } from "../../core/ports/settings-store.ts";
import { COMPACTION_CONTINUATION, type SessionStore } from "../../core/ports/session-store.ts";
import * as fileChanges from "./file-changes.ts";
import { clearContentStatements, compactInTransaction, purgeStatements, SELECT_COMPACTED_STATS, toCompactedStats } from "./archive.ts";
import { optionalInteger, optionalText, text } from "./column-values.ts";
import * as history from "./history-queries.ts";
import { ACTIVE, IN_CONTEXT, insertMessageStatement, parseMessages, selectMessages } from "./message-row.ts";
import { applyMigrations, MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";
import { pruneContext } from "./prune-context.ts";
import { explainStorageError } from "./storage-errors.ts";
import { QueuedClient } from "./queued-client.ts";
import { LEASE_MS, SELECT_SESSION_INFO, toSessionInfo, toTrustMode } from "./session-row.ts";

export interface LibsqlSessionStoreOptions {
  /** `file:/absolute/path.db` or `:memory:`. */
  readonly url: string;
  /** Written on every row this store writes, so a later sync can tell devices apart. */
  readonly deviceId: string;
  /** How long a write waits for another process's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Epoch-ms clock for every timestamp; injectable so tests can age rows. */
  readonly now?: () => number;
}

const DAY_MS = 86_400_000;
const DEFAULT_PREFIX_LIMIT = 20;
/** The session metadata key of the change a tool is making (FileChangeStore.setPendingChange). */
const PENDING_CHANGE_KEY = "pending_file_change";

/**
 * The SessionStore over a local libSQL database: one Client with one connection, every call
 * queued behind the previous one (see QueuedClient), every write a short transaction.
 */
export class LibsqlSessionStore implements SessionStore, FileChangeStore, SettingsStore {
  readonly #db: QueuedClient;
  readonly #deviceId: string;
  readonly #now: () => number;

  static async open(options: LibsqlSessionStoreOptions): Promise<LibsqlSessionStore> {
    const now = options.now ?? Date.now;
    const where = options.url.replace(/^file:/, "");
    // A damaged, truncated, directory-shaped or read-only file, or a full disk: one line saying what to do.
    const client = await openDatabase(options.url, options.busyTimeoutMs ?? 5000).catch((error: unknown) => {
      throw explainStorageError(error, where);
    });
    try {
      await applyMigrations(client, MIGRATIONS, now);
    } catch (error) {
      client.close();
      throw explainStorageError(error, where);
    }
    return new LibsqlSessionStore(new QueuedClient(client, where), options.deviceId, now);
  }

  private constructor(db: QueuedClient, deviceId: string, now: () => number) {
    this.#db = db;
    this.#deviceId = deviceId;
    this.#now = now;
  }

  // ── Sessions ──

  async createSession(input: { agentName: string; project: ProjectRef; mode?: TrustMode; parentId?: string }): Promise<string> {
    const id = newId();
    const now = this.#now();
    // A sub-agent's session inherits local_only: its work must not reach the server if its parent's does not.
    await this.#db.execute(
      `INSERT INTO sessions (id, agent_name, project_key, project_root, mode, parent_id, created_at, updated_at, device_id,
         title_updated_at, title_device_id, mode_updated_at, mode_device_id, local_only)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT local_only FROM sessions WHERE id = ?), 0))`,
      [id, input.agentName, input.project.key, input.project.root, input.mode ?? null, input.parentId ?? null, now, now, this.#deviceId,
        now, this.#deviceId, now, this.#deviceId, input.parentId ?? null],
    );
    return id;
  }

  async getSession(sessionId: string): Promise<SessionInfo | null> {
    const rows = await this.#db.rows(`${SELECT_SESSION_INFO} AND s.id = ?`, [sessionId]);
    return rows[0] ? toSessionInfo(rows[0], this.#me()) : null;
  }

  async listSessions(options: { projectKey?: string; limit: number; topLevel?: boolean }): Promise<SessionInfo[]> {
    const { projectKey, limit } = options;
    const where = `${projectKey === undefined ? "" : " AND s.project_key = ?"}${options.topLevel ? " AND s.parent_id IS NULL" : ""}`;
    const rows = await this.#db.rows(`${SELECT_SESSION_INFO}${where} ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`, [...(projectKey === undefined ? [] : [projectKey]), limit]);
    const me = this.#me();
    return rows.map((row) => toSessionInfo(row, me));
  }

  async findSessionsByPrefix(prefix: string, limit = DEFAULT_PREFIX_LIMIT): Promise<string[]> {
    // LIKE ignores ASCII case, so a prefix typed in capitals still finds the (lowercase) id.
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.#db.rows(
      "SELECT id FROM sessions WHERE deleted_at IS NULL AND id LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, id DESC LIMIT ?",
      [pattern, limit],
    );
    return rows.map((row) => text(row[0]));
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const now = this.#now();
    // The row stays as a tombstone so a replica learns of the deletion; the title is user content,
    // so it goes. Its sub-agents' sessions go with it: they were part of its work.
    const tombstone = "UPDATE sessions SET deleted_at = ?, updated_at = ?, title = NULL, device_id = ? WHERE deleted_at IS NULL AND";
    const family = "session_id IN (SELECT id FROM sessions WHERE id = ? OR parent_id = ?)";
    const [tombstoned] = await this.#db.batch([
      { sql: `${tombstone} id = ?`, args: [now, now, this.#deviceId, sessionId] },
      { sql: `${tombstone} parent_id = ?`, args: [now, now, this.#deviceId, sessionId] },
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

  async getSessionMode(sessionId: string): Promise<TrustMode | null> {
    const rows = await this.#db.rows("SELECT mode FROM sessions WHERE id = ? AND deleted_at IS NULL", [sessionId]);
    return toTrustMode(rows[0]?.[0]);
  }

  async getSessionIdleSeconds(sessionId: string): Promise<number | null> {
    const rows = await this.#db.rows("SELECT last_accessed_at FROM sessions WHERE id = ? AND deleted_at IS NULL", [sessionId]);
    return this.#secondsSince(optionalInteger(rows[0]?.[0]));
  }

  // ── Messages ──

  async insertMessage(sessionId: string, message: NewMessage): Promise<string> {
    const id = newId();
    const now = this.#now();
    const [inserted] = await this.#db.batch([
      insertMessageStatement({ sessionId, message, now, deviceId: this.#deviceId, id }),
      {
        // The lease: this device is the session's live writer for the next two minutes (sync shows it elsewhere).
        sql: `UPDATE sessions SET updated_at = ?, last_accessed_at = ?, device_id = ?, lease_device_id = ?, lease_until = ?
              WHERE id = ? AND deleted_at IS NULL`,
        args: [now, now, this.#deviceId, this.#deviceId, now + LEASE_MS, sessionId],
      },
    ]);
    if (inserted === 0) throw new Error(`No live session ${sessionId}`);
    return id;
  }

  insertToolMessageWithFull(
    sessionId: string,
    input: { content: string; toolCallId: string; fullContent: string; agentName?: string | null },
  ): Promise<string> {
    return this.insertMessage(sessionId, { role: "tool", complete: true, ...input });
  }

  async markMessageComplete(messageId: string): Promise<void> {
    const now = this.#now();
    await this.#db.execute(
      "UPDATE messages SET completed_at = ?, updated_at = ?, device_id = ? WHERE id = ? AND completed_at IS NULL",
      [now, now, this.#deviceId, messageId],
    );
  }

  async loadContext(sessionId: string): Promise<StoredMessage[]> {
    const [rows] = await Promise.all([
      this.#db.rows(selectMessages(`session_id = ? AND ${IN_CONTEXT}`), [sessionId]),
      // Access time is local bookkeeping, not a change to sync: updated_at and device_id stay.
      this.#db.execute("UPDATE sessions SET last_accessed_at = ? WHERE id = ? AND deleted_at IS NULL", [this.#now(), sessionId]),
    ]);
    return pruneContext(parseMessages(rows, sessionId));
  }

  async loadAllMessages(sessionId: string): Promise<StoredMessage[]> {
    return parseMessages(await this.#db.rows(selectMessages("session_id = ?"), [sessionId]), sessionId);
  }

  async loadMessagesBefore(sessionId: string, beforeId: string | null, limit: number): Promise<StoredMessage[]> {
    const rows = beforeId === null
      ? await this.#db.rows(selectMessages(`session_id = ? AND ${ACTIVE}`, true), [sessionId, limit])
      : await this.#db.rows(
        selectMessages(`session_id = ? AND ${ACTIVE} AND (sort_key, id) < (SELECT sort_key, id FROM messages WHERE id = ?)`, true),
        [sessionId, beforeId, limit],
      );
    return parseMessages(rows, sessionId);
  }

  recentUserMessages(limit: number): Promise<string[]> {
    return history.recentUserMessages(this.#db, limit);
  }

  lastAssistantMessage(sessionId: string): Promise<string | null> {
    // The compaction continuation is a stand-in the store wrote, not an answer the model gave.
    return history.lastContent(this.#db, sessionId, "assistant", COMPACTION_CONTINUATION);
  }

  lastUserMessage(sessionId: string): Promise<string | null> {
    return history.lastContent(this.#db, sessionId, "user", null);
  }

  hasPendingToolCalls(sessionId: string): Promise<boolean> {
    return history.hasPendingToolCalls(this.#db, sessionId);
  }

  async secondsSinceLastAssistant(sessionId: string): Promise<number | null> {
    return this.#secondsSince(await history.lastAssistantAt(this.#db, sessionId));
  }

  // ── Token usage ──

  sessionTokenUsage(sessionId: string): Promise<SessionUsage> {
    return history.sessionUsage(this.#db, sessionId);
  }

  sessionUsageByAgent(sessionId: string): Promise<{ agentName: string; usage: SessionUsage }[]> {
    return history.usageByAgent(this.#db, sessionId);
  }

  // ── Compaction, microcompact, purge ──

  async compactSession(sessionId: string, summary: string, preserveCount: number): Promise<number> {
    if (!Number.isInteger(preserveCount) || preserveCount < 0) {
      throw new RangeError(`preserveCount must be a non-negative integer, got ${preserveCount}`);
    }
    return this.#db.transaction((tx) =>
      compactInTransaction(tx, { sessionId, summary, preserveCount, now: this.#now(), deviceId: this.#deviceId }));
  }

  async clearMessageContent(messageIds: readonly string[], stub: string): Promise<void> {
    if (messageIds.length === 0) return;
    await this.#db.batch(clearContentStatements(messageIds, stub, this.#now(), this.#deviceId));
  }

  async compactedStats(): Promise<CompactedStats> {
    const rows = await this.#db.rows(SELECT_COMPACTED_STATS, []);
    return toCompactedStats(rows[0]!);
  }

  async purgeCompacted(minAgeDays: number): Promise<number> {
    if (!(minAgeDays >= 0)) throw new RangeError(`minAgeDays must be non-negative, got ${minAgeDays}`);
    const now = this.#now();
    const [, deleted] = await this.#db.batch(purgeStatements(now - minAgeDays * DAY_MS, now, this.#deviceId));
    return deleted!;
  }

  // ── Metadata ──

  async getMetadata(sessionId: string, key: string): Promise<string | null> {
    const rows = await this.#db.rows("SELECT value FROM session_metadata WHERE session_id = ? AND key = ?", [sessionId, key]);
    return optionalText(rows[0]?.[0]);
  }

  async setMetadata(sessionId: string, key: string, value: string): Promise<void> {
    const written = await this.#db.execute(
      `INSERT INTO session_metadata (session_id, key, value, updated_at, device_id)
       SELECT id, ?, ?, ?, ? FROM sessions WHERE id = ? AND deleted_at IS NULL
       ON CONFLICT (session_id, key) DO UPDATE SET value = excluded.value, device_id = excluded.device_id,
         updated_at = max(excluded.updated_at, session_metadata.updated_at + 1)`,
      [key, value, this.#now(), this.#deviceId, sessionId],
    );
    if (written === 0) throw new Error(`No live session ${sessionId}`);
  }

  getTodo(sessionId: string): Promise<string | null> {
    return this.getMetadata(sessionId, "todo");
  }

  setTodo(sessionId: string, content: string): Promise<void> {
    return this.setMetadata(sessionId, "todo", content);
  }

  // ── Resume ──

  detectInterruption(sessionId: string): Promise<Interruption | null> {
    return history.detectInterruption(this.#db, sessionId);
  }

  // ── File changes (the FileChangeStore port, in the same database) ──

  recordFileChange(sessionId: string, change: RecordedFileChange): Promise<void> {
    return fileChanges.recordFileChange(this.#db, sessionId, change, { id: newId(), now: this.#now(), deviceId: this.#deviceId });
  }

  listFileChanges(sessionId: string): Promise<FileChange[]> {
    return fileChanges.listFileChanges(this.#db, sessionId);
  }

  changesOf(sessionId: string, path: string): Promise<RecordedFileChange[]> {
    return fileChanges.changesOf(this.#db, sessionId, path);
  }

  ownedFiles(sessionId: string): Promise<string[]> {
    return fileChanges.ownedFiles(this.#db, sessionId);
  }

  lastUndoableTurn(sessionId: string): Promise<{ turnId: string; changes: RecordedFileChange[] } | null> {
    return fileChanges.lastUndoableTurn(this.#db, sessionId);
  }

  markTurnUndone(sessionId: string, turnId: string): Promise<void> {
    return fileChanges.markTurnUndone(this.#db, sessionId, turnId, this.#now(), this.#deviceId);
  }

  async setPendingChange(sessionId: string, pending: PendingChange | null): Promise<void> {
    if (pending !== null) return this.setMetadata(sessionId, PENDING_CHANGE_KEY, JSON.stringify(pending));
    await this.#db.execute("DELETE FROM session_metadata WHERE session_id = ? AND key = ?", [sessionId, PENDING_CHANGE_KEY]);
  }

  async pendingChange(sessionId: string): Promise<PendingChange | null> {
    const text = await this.getMetadata(sessionId, PENDING_CHANGE_KEY);
    return text === null ? null : (JSON.parse(text) as PendingChange);
  }

  // ── Settings: not part of the port (MCP configs, last provider…) ──

  async kvGet(key: string): Promise<string | null> {
    const rows = await this.#db.rows("SELECT value FROM kv_store WHERE key = ?", [key]);
    return optionalText(rows[0]?.[0]);
  }

  async kvSet(key: string, value: string): Promise<void> {
    await this.#db.execute(
      `INSERT INTO kv_store (key, value, updated_at, device_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, device_id = excluded.device_id`,
      [key, value, this.#now(), this.#deviceId],
    );
  }

  /** True when the key existed. */
  async kvDelete(key: string): Promise<boolean> {
    return (await this.#db.execute("DELETE FROM kv_store WHERE key = ?", [key])) > 0;
  }

  /** Entries whose key starts with `prefix` (case-sensitive), ordered by key. */
  async kvListPrefix(prefix: string): Promise<{ key: string; value: string }[]> {
    const rows = await this.#db.rows("SELECT key, value FROM kv_store WHERE substr(key, 1, length(?)) = ? ORDER BY key", [prefix, prefix]);
    return rows.map((row) => ({ key: text(row[0]), value: text(row[1]) }));
  }

  /**
   * The store's own queued connection, for the sync engine (adapters/libsql-sync): its pulls and
   * outbox reads must queue behind the store's transactions, not contend with them on a second
   * connection whose busy wait would block the event loop.
   */
  get syncDatabase(): QueuedClient {
    return this.#db;
  }

  /** Waits for queued calls, then closes the database; later calls fail. Idempotent. */
  close(): Promise<void> {
    return this.#db.close();
  }

  // ── Internals ──

  #updateSession(sessionId: string, column: "title" | "mode", value: string): Promise<number> {
    return this.#db.execute(
      // The field's clock never goes back: a rename made after seeing another device's (whose
      // clock may run ahead of this one) must still count as the later write when they sync.
      `UPDATE sessions SET ${column} = ?1, ${column}_updated_at = max(?2, ${column}_updated_at + 1), ${column}_device_id = ?3,
         updated_at = ?2, device_id = ?3
       WHERE id = ?4 AND deleted_at IS NULL`,
      [value, this.#now(), this.#deviceId, sessionId],
    );
  }

  #me(): { deviceId: string; now: number } {
    return { deviceId: this.#deviceId, now: this.#now() };
  }

  #secondsSince(epochMs: number | null): number | null {
    return epochMs === null ? null : Math.max(0, Math.floor((this.#now() - epochMs) / 1000));
  }
}

export function openLibsqlSessionStore(options: LibsqlSessionStoreOptions): Promise<LibsqlSessionStore> {
  return LibsqlSessionStore.open(options);
}
