import { CLEARED_TOOL_RESULT } from "../domain/compaction-text.ts";
import type { MessageLog } from "../ports/message-log.ts";
import { estimateTokens } from "./token-estimate.ts";

/** After this long without a reply the provider's prompt cache is cold, so clearing costs nothing extra. */
export const MICROCOMPACT_IDLE_SECONDS = 300;
const KEEP_RECENT = 5;
const MIN_TOKENS = 50;

/**
 * Replaces all but the newest few results of re-runnable tools (Tool.rerunnable) with a stub (koda.md §2.5).
 * No model call; full output stays in the database for RecallContext. Returns how many were cleared.
 */
export async function microcompact(
  messages: MessageLog,
  sessionId: string,
  rerunnable: (toolName: string) => boolean,
  signal?: AbortSignal,
): Promise<number> {
  const idle = await messages.secondsSinceLastAssistant(sessionId, signal);
  if (idle === null || idle < MICROCOMPACT_IDLE_SECONDS) return 0;
  const context = await messages.loadContext(sessionId, signal);
  const toolNameByCall = new Map<string, string>();
  for (const message of context) {
    for (const call of message.toolCalls) toolNameByCall.set(call.id, call.name);
  }
  const clearable = context.filter((m) => {
    const name = m.toolCallId === null ? undefined : toolNameByCall.get(m.toolCallId);
    return m.role === "tool" && name !== undefined && rerunnable(name) && m.content !== CLEARED_TOOL_RESULT;
  });
  const old = clearable.slice(0, Math.max(0, clearable.length - KEEP_RECENT));
  const ids = old.filter((m) => estimateTokens(m.content ?? "") >= MIN_TOKENS).map((m) => m.id);
  if (ids.length > 0) await messages.clearMessageContent(ids, CLEARED_TOOL_RESULT);
  return ids.length;
}
