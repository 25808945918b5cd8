/** Read-only questions about a session's history (and the input history across sessions). */
import { detectInterruption as interruptionOf, hasPendingToolCalls as pendingIn } from "../../core/domain/interruption-detection.ts";
import type { Interruption } from "../../core/domain/session-info.ts";
import { optionalInteger, optionalText, text } from "./column-values.ts";
import type { QueuedClient } from "./queued-client.ts";
import { replyTail } from "./reply-tail.ts";

export async function recentUserMessages(db: QueuedClient, limit: number, signal?: AbortSignal): Promise<string[]> {
  // A deleted session's messages are deleted with it, so every user row here belongs to a live session.
  const rows = await db.rows(
    `SELECT content FROM messages WHERE role = 'user' AND content IS NOT NULL AND trim(content) != ''
     GROUP BY content ORDER BY MAX(id) DESC LIMIT ?`,
    [limit],
    signal,
  );
  return rows.map((row) => text(row[0]));
}

/** The newest non-blank text of `role`, archived rows included, skipping rows whose text is `except`. */
export async function lastContent(db: QueuedClient, sessionId: string, role: "user" | "assistant", except: string | null, signal?: AbortSignal): Promise<string | null> {
  const rows = await db.rows(
    `SELECT content FROM messages WHERE session_id = ? AND role = ? AND content IS NOT NULL AND trim(content) != ''
     AND content IS NOT ? ORDER BY sort_key DESC, id DESC LIMIT 1`,
    [sessionId, role, except],
    signal,
  );
  return optionalText(rows[0]?.[0]);
}

/** Whether the last reply that reaches the model waits on tool results; the rule is core/domain's. */
export async function hasPendingToolCalls(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<boolean> {
  return pendingIn(await replyTail(db, sessionId, signal));
}

/** Epoch ms of the newest assistant message, archived or not; null when there is none. */
export async function lastAssistantAt(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<number | null> {
  const rows = await db.rows("SELECT MAX(created_at) FROM messages WHERE session_id = ? AND role = 'assistant'", [sessionId], signal);
  return optionalInteger(rows[0]?.[0]);
}

/** How the session's last turn was left unanswered, if it was; the rule is core/domain's. */
export async function detectInterruption(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<Interruption | null> {
  return interruptionOf(await replyTail(db, sessionId, signal));
}
