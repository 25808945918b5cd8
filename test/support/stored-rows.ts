import type { StoredMessage, ToolCall } from "../../core/domain/message.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";

let next = 0;

/** A stored row for the pure rules' tests: complete, active, of session "s", with what `fields` says. */
export function stored(fields: Partial<StoredMessage> & Pick<StoredMessage, "role">): StoredMessage {
  next++;
  return {
    id: `m${String(next).padStart(6, "0")}`, sessionId: "s", content: null, fullContent: null, toolCalls: [], toolCallId: null,
    thinkingContent: null, thinkingSignature: null, usage: null, agentName: null, model: null, provider: null, costUsd: null,
    completedAt: 1, compactedAt: null, createdAt: 1, ...fields,
  };
}

export const user = (content: string, fields: Partial<StoredMessage> = {}) => stored({ role: "user", content, ...fields });
export const reply = (content: string | null, fields: Partial<StoredMessage> = {}) => stored({ role: "assistant", content, ...fields });
export const result = (toolCallId: string, fields: Partial<StoredMessage> = {}) => stored({ role: "tool", content: `result of ${toolCallId}`, toolCallId, ...fields });
export const call = (id: string, name = "Read", args = `{"path":"${id}.ts"}`): ToolCall => ({ id, name, arguments: args });
export const tokens = (promptTokens: number, completionTokens: number): TokenUsage => ({
  promptTokens, completionTokens, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "end_turn",
});
