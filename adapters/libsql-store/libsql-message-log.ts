import { COMPACTION_CONTINUATION } from "../../core/domain/compaction-text.ts";
import { pruneContext } from "../../core/domain/context-pruning.ts";
import { newId } from "../../core/domain/ids.ts";
import type { NewMessage, StoredMessage } from "../../core/domain/message.ts";
import type { CompactedStats, Interruption } from "../../core/domain/session-info.ts";
import type { MessageLog } from "../../core/ports/message-log.ts";
import { clearContentStatements, compactInTransaction, purgeStatements, SELECT_COMPACTED_STATS, toCompactedStats } from "./archive.ts";
import * as history from "./history-queries.ts";
import { ACTIVE, IN_CONTEXT, insertMessageStatement, parseMessages, selectMessages } from "./message-row.ts";
import { LEASE_MS } from "../../core/domain/session-info.ts";
import { secondsSince, type StoreContext } from "./store-context.ts";

const DAY_MS = 86_400_000;

/** The MessageLog over the `messages` table (and `tombstones`, for purged rows). */
export class LibsqlMessageLog implements MessageLog {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  async insertMessage(sessionId: string, message: NewMessage): Promise<string> {
    const id = newId();
    const now = this.#c.now();
    const device = this.#c.deviceId;
    const [inserted] = await this.#c.db.batch([
      insertMessageStatement({ sessionId, message, now, deviceId: device, id }),
      {
        // The lease: this device is the session's live writer for the next two minutes (sync shows it elsewhere).
        sql: `UPDATE sessions SET updated_at = ?, last_accessed_at = ?, device_id = ?, lease_device_id = ?, lease_until = ?
              WHERE id = ? AND deleted_at IS NULL`,
        args: [now, now, device, device, now + LEASE_MS, sessionId],
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
    const now = this.#c.now();
    await this.#c.db.execute(
      "UPDATE messages SET completed_at = ?, updated_at = ?, device_id = ? WHERE id = ? AND completed_at IS NULL",
      [now, now, this.#c.deviceId, messageId],
    );
  }

  async loadContext(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]> {
    // One queued turn, so a load dropped by its signal does not mark the session accessed either.
    const rows = await this.#c.db.read(async (client) => {
      const selected = await client.execute({ sql: selectMessages(`session_id = ? AND ${IN_CONTEXT}`), args: [sessionId] });
      // Access time is local bookkeeping, not a change to sync: updated_at and device_id stay.
      await client.execute({ sql: "UPDATE sessions SET last_accessed_at = ? WHERE id = ? AND deleted_at IS NULL", args: [this.#c.now(), sessionId] });
      return selected.rows;
    }, signal);
    return pruneContext(parseMessages(rows, sessionId));
  }

  async loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]> {
    return parseMessages(await this.#c.db.rows(selectMessages("session_id = ?"), [sessionId], signal), sessionId);
  }

  async loadMessagesBefore(sessionId: string, beforeId: string | null, limit: number, signal?: AbortSignal): Promise<StoredMessage[]> {
    const rows = beforeId === null
      ? await this.#c.db.rows(selectMessages(`session_id = ? AND ${ACTIVE}`, true), [sessionId, limit], signal)
      : await this.#c.db.rows(
        selectMessages(`session_id = ? AND ${ACTIVE} AND (sort_key, id) < (SELECT sort_key, id FROM messages WHERE id = ?)`, true),
        [sessionId, beforeId, limit],
        signal,
      );
    return parseMessages(rows, sessionId);
  }

  recentUserMessages(limit: number, signal?: AbortSignal): Promise<string[]> {
    return history.recentUserMessages(this.#c.db, limit, signal);
  }

  lastAssistantMessage(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    // The compaction continuation is a stand-in the store wrote, not an answer the model gave.
    return history.lastContent(this.#c.db, sessionId, "assistant", COMPACTION_CONTINUATION, signal);
  }

  lastUserMessage(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    return history.lastContent(this.#c.db, sessionId, "user", null, signal);
  }

  hasPendingToolCalls(sessionId: string, signal?: AbortSignal): Promise<boolean> {
    return history.hasPendingToolCalls(this.#c.db, sessionId, signal);
  }

  async secondsSinceLastAssistant(sessionId: string, signal?: AbortSignal): Promise<number | null> {
    return secondsSince(this.#c, await history.lastAssistantAt(this.#c.db, sessionId, signal));
  }

  detectInterruption(sessionId: string, signal?: AbortSignal): Promise<Interruption | null> {
    return history.detectInterruption(this.#c.db, sessionId, signal);
  }

  async compactSession(sessionId: string, summary: string, preserveCount: number): Promise<number> {
    return this.#c.db.transaction((tx) =>
      compactInTransaction(tx, { sessionId, summary, preserveCount, now: this.#c.now(), deviceId: this.#c.deviceId }));
  }

  async clearMessageContent(messageIds: readonly string[], stub: string): Promise<void> {
    if (messageIds.length === 0) return;
    await this.#c.db.batch(clearContentStatements(messageIds, stub, this.#c.now(), this.#c.deviceId));
  }

  async compactedStats(signal?: AbortSignal): Promise<CompactedStats> {
    const rows = await this.#c.db.rows(SELECT_COMPACTED_STATS, [], signal);
    return toCompactedStats(rows[0]!);
  }

  async purgeCompacted(minAgeDays: number): Promise<number> {
    if (!(minAgeDays >= 0)) throw new RangeError(`minAgeDays must be non-negative, got ${minAgeDays}`);
    const now = this.#c.now();
    const [, deleted] = await this.#c.db.batch(purgeStatements(now - minAgeDays * DAY_MS, now, this.#c.deviceId));
    return deleted!;
  }
}
