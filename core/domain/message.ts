import type { TokenUsage } from "./usage.ts";

export const ROLES = ["system", "user", "assistant", "tool"] as const;
export type Role = (typeof ROLES)[number];

/** A tool call the model asked for. `arguments` is the raw JSON text the model produced. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** A message as stored: one row of a session's history. */
export interface StoredMessage {
  /** Globally unique, time-ordered id (UUID v7); ordering by id is creation order. */
  readonly id: string;
  readonly sessionId: string;
  readonly role: Role;
  /** Model-facing text (for tool results possibly a summary or a cleared stub). */
  readonly content: string | null;
  /** Complete tool output when `content` is a summary; searched by RecallContext. */
  readonly fullContent: string | null;
  readonly toolCalls: readonly ToolCall[];
  readonly toolCallId: string | null;
  readonly thinkingContent: string | null;
  /** Provider signature of the thinking block (Anthropic needs it echoed back during tool use). */
  readonly thinkingSignature: string | null;
  readonly usage: TokenUsage | null;
  /** Agent that wrote it; null for the session's main agent. */
  readonly agentName: string | null;
  /** For assistant replies: which model and provider wrote it, and what it cost (null: unknown price). */
  readonly model: string | null;
  readonly provider: string | null;
  readonly costUsd: number | null;
  /** Epoch ms; null while an assistant message is streaming or was interrupted. */
  readonly completedAt: number | null;
  /** Epoch ms when compaction archived the row; archived rows never reach the model again. */
  readonly compactedAt: number | null;
  readonly createdAt: number;
}

/** What the engine hands the store when it adds a message. */
export interface NewMessage {
  readonly role: Role;
  readonly content?: string | null;
  readonly fullContent?: string | null;
  readonly toolCalls?: readonly ToolCall[];
  readonly toolCallId?: string | null;
  readonly thinkingContent?: string | null;
  readonly thinkingSignature?: string | null;
  readonly usage?: TokenUsage | null;
  readonly agentName?: string | null;
  readonly model?: string | null;
  readonly provider?: string | null;
  readonly costUsd?: number | null;
  /** Insert already complete (user, tool and synthetic messages); assistant replies are completed later. */
  readonly complete?: boolean;
  /** For an imported session (`ursa sessions import`): the original times, and archived rows stay archived. */
  readonly createdAt?: number;
  readonly completedAt?: number;
  readonly compactedAt?: number | null;
}
