import type { StoredMessage } from "../../core/domain/message.ts";

/**
 * Sanitises the active rows of a session before they go to a provider (koda §2.3, in its order):
 * 1. tool calls without a result and results without a call are removed. Interrupted turns leave
 *    both behind, and providers reject the request (Anthropic answers 400). A call is removed from
 *    its assistant row rather than dropping the row, so the reply's text survives.
 * 2. assistant rows left with neither text nor tool calls are dropped;
 * 3. user and assistant rows that are only whitespace are dropped.
 * Steps 2 and 3 only drop rows without tool calls, so they cannot create new mismatches.
 */
export function pruneContext(rows: readonly StoredMessage[]): StoredMessage[] {
  const requested = new Set<string>();
  const answered = new Set<string>();
  for (const row of rows) {
    if (row.role === "assistant") for (const call of row.toolCalls) requested.add(call.id);
    else if (row.role === "tool" && row.toolCallId !== null) answered.add(row.toolCallId);
  }

  const result: StoredMessage[] = [];
  for (const row of rows) {
    let message = row;
    if (row.role === "tool") {
      if (row.toolCallId === null || !requested.has(row.toolCallId)) continue;
    } else if (row.role === "assistant" && row.toolCalls.some((call) => !answered.has(call.id))) {
      message = { ...row, toolCalls: row.toolCalls.filter((call) => answered.has(call.id)) };
    }
    if (isBlank(message)) continue;
    result.push(message);
  }
  return result;
}

function isBlank(message: StoredMessage): boolean {
  if (message.role !== "user" && message.role !== "assistant") return false;
  if (message.toolCalls.length > 0) return false;
  return message.content === null || message.content.trim() === "";
}
