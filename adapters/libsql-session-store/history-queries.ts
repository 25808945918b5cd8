/** Read-only questions about a session's history (and the input history across sessions). */
import type { Interruption } from "../../core/domain/session-info.ts";
import type { SessionUsage } from "../../core/domain/usage.ts";
import { optionalInteger, optionalText, text } from "./column-values.ts";
import { classifyInterruption } from "./interruption.ts";
import { ACTIVE, IN_CONTEXT } from "./message-row.ts";
import type { QueuedClient } from "./queued-client.ts";
import { toUsage, USAGE_SUMS } from "./session-row.ts";

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

export function hasPendingToolCalls(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<boolean> {
  // Both reads in one queued task, so no write lands between them.
  return db.read(async (client) => {
    const last = await client.execute({
      sql: `SELECT sort_key, id, tool_calls FROM messages WHERE session_id = ? AND ${IN_CONTEXT} AND role = 'assistant'
            ORDER BY sort_key DESC, id DESC LIMIT 1`,
      args: [sessionId],
    });
    const row = last.rows[0];
    const calls = optionalText(row?.[2]);
    if (!row || calls === null) return false;
    const results = await client.execute({
      sql: `SELECT tool_call_id FROM messages WHERE session_id = ? AND ${ACTIVE} AND role = 'tool' AND (sort_key, id) > (?, ?)`,
      args: [sessionId, text(row[0]), text(row[1])],
    });
    const answered = new Set(results.rows.map((r) => optionalText(r[0])));
    return (JSON.parse(calls) as { id: string }[]).some((call) => !answered.has(call.id));
  }, signal);
}

/** Epoch ms of the newest assistant message, archived or not; null when there is none. */
export async function lastAssistantAt(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<number | null> {
  const rows = await db.rows("SELECT MAX(created_at) FROM messages WHERE session_id = ? AND role = 'assistant'", [sessionId], signal);
  return optionalInteger(rows[0]?.[0]);
}

// Usage counts archived rows too, and the session's sub-agents' sessions: their tokens were
// spent all the same, for this session's work.
const SESSION_AND_SUB_AGENTS = "session_id IN (SELECT ? UNION ALL SELECT id FROM sessions WHERE parent_id = ?)";

export async function sessionUsage(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<SessionUsage> {
  const rows = await db.rows(`SELECT ${USAGE_SUMS} FROM messages WHERE ${SESSION_AND_SUB_AGENTS}`, [sessionId, sessionId], signal);
  return toUsage(rows[0]!, 0);
}

/** Per agent that reported usage ("main" is the session's own agent; sub-agents by their name), by name. */
export async function usageByAgent(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<{ agentName: string; usage: SessionUsage }[]> {
  const rows = await db.rows(
    `SELECT COALESCE(agent_name, 'main') AS agent, ${USAGE_SUMS} FROM messages
     WHERE ${SESSION_AND_SUB_AGENTS} AND prompt_tokens IS NOT NULL GROUP BY agent ORDER BY agent`,
    [sessionId, sessionId],
    signal,
  );
  return rows.map((row) => ({ agentName: text(row[0]), usage: toUsage(row, 1) }));
}

/** Rows read from the end: enough for the last reply's tool calls and their results. */
const TAIL_ROWS = 64;

/** Looks at the end of what the model would see, system rows skipped (see classifyInterruption). */
export async function detectInterruption(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<Interruption | null> {
  const rows = await db.rows(
    `SELECT role, content, tool_calls, tool_call_id FROM messages WHERE session_id = ? AND ${IN_CONTEXT} AND role != 'system'
     ORDER BY sort_key DESC, id DESC LIMIT ${TAIL_ROWS}`,
    [sessionId],
    signal,
  );
  return classifyInterruption(
    rows.reverse().map((row) => ({ role: text(row[0]), content: optionalText(row[1]), toolCalls: optionalText(row[2]), toolCallId: optionalText(row[3]) })),
  );
}
