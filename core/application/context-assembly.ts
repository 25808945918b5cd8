import type { StoredMessage } from "../domain/message.ts";
import type { ChatMessage, ImageData } from "../ports/llm-provider.ts";

/**
 * Said in place of an assistant reply that never came (the turn was interrupted), so the
 * model sees alternating turns. Inserted when building the request, never stored.
 */
export const INTERRUPTED_TURN_SENTINEL = "[Turn interrupted — pick up from where you left off.]";

/**
 * Said as the result of a tool call that has none: the turn was interrupted, or Ursa was killed
 * or crashed, while it ran. Inserted when building the request, never stored; the model must not
 * assume either outcome.
 */
export const UNKNOWN_OUTCOME_RESULT =
  "[No result: this call was interrupted (the turn was stopped, or Ursa was killed or crashed) while it ran, so whether it finished or changed anything is unknown. Check its effects before relying on them or running it again.]";

/**
 * Turns a session's active history into provider messages. Thinking and its signature are
 * passed back only to the provider that wrote them: signatures are provider-specific, and
 * another provider would reject them after a mid-session switch.
 */
export function assembleMessages(history: readonly StoredMessage[], images: readonly ImageData[] = [], provider: string | null = null): ChatMessage[] {
  const out: ChatMessage[] = [];
  let previous: StoredMessage["role"] | undefined;
  // The calls of the last assistant reply still waiting for their result rows.
  let pending: string[] = [];
  const answerPending = () => {
    for (const id of pending) out.push({ role: "tool", content: UNKNOWN_OUTCOME_RESULT, toolCallId: id });
    if (pending.length > 0) previous = "tool";
    pending = [];
  };
  for (const row of history) {
    if (row.role === "tool") pending = pending.filter((id) => id !== row.toolCallId);
    else if (row.role !== "system") answerPending();
    if (row.role === "user" && (previous === "user" || previous === "tool")) {
      out.push({ role: "assistant", content: INTERRUPTED_TURN_SENTINEL });
    }
    out.push(toChatMessage(row, provider));
    if (row.role === "assistant") pending = row.toolCalls.map((call) => call.id);
    if (row.role !== "system") previous = row.role;
  }
  answerPending();
  if (images.length > 0) {
    for (let i = out.length - 1; i >= 0; i--) {
      if (out[i]!.role === "user") {
        out[i] = { ...out[i]!, images };
        break;
      }
    }
  }
  return out;
}

function toChatMessage(row: StoredMessage, provider: string | null): ChatMessage {
  const base: { role: ChatMessage["role"]; content: string } = { role: row.role, content: row.content ?? "" };
  if (row.role === "assistant") {
    return {
      ...base,
      ...(row.toolCalls.length > 0 ? { toolCalls: row.toolCalls } : {}),
      // A signature alone counts: some providers sign tool calls without returning any thoughts.
      ...((row.thinkingContent || row.thinkingSignature) && row.provider === provider
        ? { thinking: { text: row.thinkingContent ?? "", signature: row.thinkingSignature } }
        : {}),
    };
  }
  if (row.role === "tool") return { ...base, toolCallId: row.toolCallId ?? "" };
  return base;
}
