import type { StoredMessage } from "./message.ts";

/** A row compaction has not archived. */
export function isActive(message: Pick<StoredMessage, "compactedAt">): boolean {
  return message.compactedAt === null;
}

/**
 * A row that may reach the model: active, and not an unfinished (streaming or interrupted)
 * reply. Stores may select these in their own query language; this is the rule they mirror.
 */
export function reachesModel(message: Pick<StoredMessage, "compactedAt" | "role" | "completedAt">): boolean {
  return isActive(message) && (message.role !== "assistant" || message.completedAt !== null);
}

/**
 * Sanitises the rows that reach the model, oldest first, before they go to a provider (koda §2.3, in its order):
 * 1. results without a call are removed (providers reject them: Anthropic answers 400). A call
 *    without a result (an interrupted or killed turn) stays: the core answers it with "outcome
 *    unknown" (core/application/context-assembly.ts), so the model does not assume it never ran.
 * 2. assistant rows left with neither text nor tool calls are dropped;
 * 3. user and assistant rows that are only whitespace are dropped.
 * Steps 2 and 3 only drop rows without tool calls, so they cannot create new mismatches.
 */
export function pruneContext(rows: readonly StoredMessage[]): StoredMessage[] {
  const requested = new Set<string>();
  for (const row of rows) {
    if (row.role === "assistant") for (const call of row.toolCalls) requested.add(call.id);
  }
  return rows.filter((row) => (row.role === "tool" ? row.toolCallId !== null && requested.has(row.toolCallId) : !isBlank(row)));
}

function isBlank(message: StoredMessage): boolean {
  if (message.role !== "user" && message.role !== "assistant") return false;
  if (message.toolCalls.length > 0) return false;
  return message.content === null || message.content.trim() === "";
}
