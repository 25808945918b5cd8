import type { NewMessage, StoredMessage } from "../domain/message.ts";
import type { CompactedStats, Interruption } from "../domain/session-info.ts";
import { token, type Token } from "./token.ts";

/**
 * A session's messages: appended, completed, loaded for the model and for scrolling back,
 * compacted (archived, never deleted, until purged). The rules the answers follow are pure
 * functions in core/domain (context-pruning, compaction-boundary, interruption-detection,
 * message-order) that every implementation applies to its stored rows; the rest is pinned by
 * test/contract/session-store.contract.ts and session-store-history.contract.ts:
 * - loadContext leaves out archived rows and unfinished assistant messages, then prunes
 *   (core/domain/context-pruning.ts);
 * - compaction archives, never deletes, and keeps the last N rows verbatim after the summary;
 * - purge deletes only archived rows older than N days.
 * Reads take an optional AbortSignal: a call still queued behind others is dropped with an
 * AbortError when it fires. One already running is not: SQLite runs a statement to its end on
 * the driver's thread (libSQL's client has no interrupt), and a local statement is short.
 */
export interface MessageLog {
  /** Inserts a message (with its agent name, if any) and returns its id; rejects for an unknown or deleted session. */
  insertMessage(sessionId: string, message: NewMessage): Promise<string>;
  /** A tool result whose model-facing `content` is a summary of `fullContent`. */
  insertToolMessageWithFull(sessionId: string, input: { content: string; toolCallId: string; fullContent: string; agentName?: string | null }): Promise<string>;
  /** Only after the provider's done: interrupted replies stay incomplete and out of the context. */
  markMessageComplete(messageId: string): Promise<void>;
  /** What the model sees next: active, complete, pruned rows, oldest first (also marks the session accessed). */
  loadContext(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]>;
  /** Every row, archived ones included, oldest first. */
  loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]>;
  /** A page of active messages older than `beforeId` (all when null), oldest first: for scrolling back. */
  loadMessagesBefore(sessionId: string, beforeId: string | null, limit: number, signal?: AbortSignal): Promise<StoredMessage[]>;
  /** Recent distinct user prompts across all sessions, newest first (input history hints). */
  recentUserMessages(limit: number, signal?: AbortSignal): Promise<string[]>;
  /** The newest non-blank assistant text, archived rows included, the compaction stand-in skipped. */
  lastAssistantMessage(sessionId: string, signal?: AbortSignal): Promise<string | null>;
  lastUserMessage(sessionId: string, signal?: AbortSignal): Promise<string | null>;
  /** True when the last complete active assistant message asked for tools that have no result yet. */
  hasPendingToolCalls(sessionId: string, signal?: AbortSignal): Promise<boolean>;
  /** Seconds since the last assistant message; null when there is none (microcompact's gate). */
  secondsSinceLastAssistant(sessionId: string, signal?: AbortSignal): Promise<number | null>;
  /** How the session's last turn was left unanswered, if it was (core/domain/interruption-detection.ts). */
  detectInterruption(sessionId: string, signal?: AbortSignal): Promise<Interruption | null>;
  /**
   * Archives the active rows before the tail core/domain/compaction-boundary.ts keeps for
   * `preserveCount`, inserts the summary and a continuation note between archive and tail, and
   * returns the number archived (0 writes nothing).
   */
  compactSession(sessionId: string, summary: string, preserveCount: number): Promise<number>;
  /** Replaces the model-facing content of these messages with `stub`; the full output stays in fullContent. */
  clearMessageContent(messageIds: readonly string[], stub: string): Promise<void>;
  compactedStats(signal?: AbortSignal): Promise<CompactedStats>;
  /** Deletes rows archived at least `minAgeDays` ago; returns how many. */
  purgeCompacted(minAgeDays: number): Promise<number>;
}

export const MESSAGE_LOG: Token<MessageLog> = token("message-log");
