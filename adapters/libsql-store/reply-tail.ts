import type { HistoryRow } from "../../core/domain/interruption-detection.ts";
import type { ToolCall } from "../../core/domain/message.ts";
import { optionalInteger, optionalText } from "./column-values.ts";
import { IN_CONTEXT, parseOrderedRows, toRole } from "./message-row.ts";
import type { QueuedClient } from "./queued-client.ts";

/** The rows core/domain/interruption-detection.ts looks at: those that reach the model, system rows skipped. */
const LOOKED_AT = `session_id = ? AND ${IN_CONTEXT} AND role != 'system'`;

/**
 * Where the tail starts: the last reply that reaches the model, or the last row when no reply
 * does. Each branch walks the (session_id, sort_key, id) index back from the end and stops at
 * its first match.
 */
const TAIL_START = `SELECT sort_key, id FROM (
    SELECT 0 AS rank, * FROM (SELECT sort_key, id FROM messages WHERE ${LOOKED_AT} AND role = 'assistant' ORDER BY sort_key DESC, id DESC LIMIT 1)
    UNION ALL
    SELECT 1, * FROM (SELECT sort_key, id FROM messages WHERE ${LOOKED_AT} ORDER BY sort_key DESC, id DESC LIMIT 1)
  ) ORDER BY rank LIMIT 1`;

/**
 * Only the columns the rules read (plus id and sort_key for the order): a prompt's text, never a
 * tool's output, which may be hundreds of kilobytes per row.
 */
const SELECT_TAIL =
  `SELECT json_group_array(json_array(id, sort_key, role, CASE WHEN role = 'user' THEN content END, json(tool_calls), tool_call_id, completed_at, compacted_at))
   FROM messages WHERE ${LOOKED_AT} AND (sort_key, id) >= (${TAIL_START})`;

/**
 * The last reply that reaches the model and every row after it that the model would see, oldest
 * first: all detectInterruption and hasPendingToolCalls need, whatever the number of results (a
 * reply may run a hundred calls in parallel), in one read that does not grow with the history.
 * With no such reply, only the last row.
 */
export async function replyTail(db: QueuedClient, sessionId: string, signal?: AbortSignal): Promise<HistoryRow[]> {
  const rows = await db.rows(SELECT_TAIL, [sessionId, sessionId, sessionId], signal);
  return parseOrderedRows(rows).map((v) => ({
    role: toRole(v[2]),
    content: optionalText(v[3]),
    toolCalls: (v[4] ?? []) as ToolCall[],
    toolCallId: optionalText(v[5]),
    completedAt: optionalInteger(v[6]),
    compactedAt: optionalInteger(v[7]),
  }));
}
