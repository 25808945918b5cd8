import type { NewMessage, StoredMessage } from "../domain/message.ts";
import type { CompactedStats, Interruption, ProjectRef, SessionInfo } from "../domain/session-info.ts";
import type { TrustMode } from "../domain/trust-mode.ts";
import type { SessionUsage } from "../domain/usage.ts";
import { token, type Token } from "./token.ts";

/**
 * The storage contract for sessions, messages and metadata (koda's `Persistence`, all of it).
 * Semantics every implementation must keep are pinned by test/contract/session-store.contract.ts:
 * - loadContext leaves out archived (compacted) rows and unfinished assistant messages, and prunes
 *   results without calls, empty assistant rows and blank rows; calls without results stay (the
 *   core tells the model their outcome is unknown);
 * - compaction archives, never deletes, and keeps the last N rows verbatim after the summary;
 * - purge deletes only archived rows older than N days.
 * Calls are short local transactions; they take no AbortSignal because an in-flight SQLite
 * statement cannot be interrupted, and none of them waits on anything but the database.
 */
export interface SessionStore {
  // ── Sessions ──
  /** `parentId`: the session whose sub-agent this is (listed under it in the dashboard). */
  createSession(input: { agentName: string; project: ProjectRef; mode?: TrustMode; parentId?: string }): Promise<string>;
  getSession(sessionId: string): Promise<SessionInfo | null>;
  /** Newest first (by last update). Without `projectKey`, sessions of every project. */
  /** Newest first; `topLevel` leaves sub-agents' sessions out. */
  listSessions(options: { projectKey?: string; limit: number; topLevel?: boolean }): Promise<SessionInfo[]>;
  /** Ids of live sessions whose id starts with `prefix` (at most `limit`). */
  findSessionsByPrefix(prefix: string, limit?: number): Promise<string[]>;
  /** Tombstones the session and deletes its messages and metadata. True when it existed. */
  /** Tombstones the session and its sub-agents' sessions, and drops their content. */
  deleteSession(sessionId: string): Promise<boolean>;
  setSessionTitle(sessionId: string, title: string): Promise<void>;
  setSessionMode(sessionId: string, mode: TrustMode): Promise<void>;
  getSessionMode(sessionId: string): Promise<TrustMode | null>;
  /** Seconds since the session's context was last loaded or written; null when never. */
  getSessionIdleSeconds(sessionId: string): Promise<number | null>;

  // ── Messages ──
  /** Inserts a message (with its agent name, if any) and returns its id. */
  insertMessage(sessionId: string, message: NewMessage): Promise<string>;
  /** A tool result whose model-facing `content` is a summary of `fullContent`. */
  insertToolMessageWithFull(sessionId: string, input: { content: string; toolCallId: string; fullContent: string; agentName?: string | null }): Promise<string>;
  /** Only after the provider's done: interrupted replies stay incomplete and out of the context. */
  markMessageComplete(messageId: string): Promise<void>;
  loadContext(sessionId: string): Promise<StoredMessage[]>;
  loadAllMessages(sessionId: string): Promise<StoredMessage[]>;
  /** A page of active messages older than `beforeId` (all when null), oldest first: for scrolling back. */
  loadMessagesBefore(sessionId: string, beforeId: string | null, limit: number): Promise<StoredMessage[]>;
  /** Recent user prompts across all sessions, newest first (input history hints). */
  recentUserMessages(limit: number): Promise<string[]>;
  lastAssistantMessage(sessionId: string): Promise<string | null>;
  lastUserMessage(sessionId: string): Promise<string | null>;
  /** True when the last active assistant message asked for tools that have no result yet. */
  hasPendingToolCalls(sessionId: string): Promise<boolean>;
  /** Seconds since the last assistant message; null when there is none (microcompact's gate). */
  secondsSinceLastAssistant(sessionId: string): Promise<number | null>;

  // ── Token usage ──
  /** The session's usage, archived rows and its sub-agents' sessions included. */
  sessionTokenUsage(sessionId: string): Promise<SessionUsage>;
  /** The same, grouped by agent; the main agent is reported as "main", sub-agents by their name. */
  sessionUsageByAgent(sessionId: string): Promise<{ agentName: string; usage: SessionUsage }[]>;

  // ── Compaction, microcompact, purge ──
  /**
   * Archives all active rows but the last `preserveCount` (more when the tail would start with a
   * tool result: its calling reply is kept with it), inserts the summary and a continuation
   * note between archive and tail; returns the number archived (0 writes nothing).
   */
  compactSession(sessionId: string, summary: string, preserveCount: number): Promise<number>;
  /** Replaces the model-facing content of these messages with `stub`; fullContent stays. */
  clearMessageContent(messageIds: readonly string[], stub: string): Promise<void>;
  compactedStats(): Promise<CompactedStats>;
  /** Deletes archived rows archived more than `minAgeDays` ago; returns how many. */
  purgeCompacted(minAgeDays: number): Promise<number>;

  // ── Metadata ──
  getMetadata(sessionId: string, key: string): Promise<string | null>;
  setMetadata(sessionId: string, key: string, value: string): Promise<void>;
  getTodo(sessionId: string): Promise<string | null>;
  setTodo(sessionId: string, content: string): Promise<void>;

  // ── Resume ──
  /** How the session's last turn was left unanswered, if it was (system rows are skipped). */
  detectInterruption(sessionId: string): Promise<Interruption | null>;

  close(): Promise<void>;
}

export const SESSION_STORE: Token<SessionStore> = token("session-store");

/** The text that stands in for a tool result microcompact cleared. */
export const CLEARED_TOOL_RESULT = "[Old tool result content cleared]";
/** Prefix of the summary message compaction inserts. */
export const COMPACTION_SUMMARY_PREFIX = "[Compacted conversation summary]\n\n";
/** The assistant message compaction inserts after the summary, complete at birth. */
export const COMPACTION_CONTINUATION =
  "Your context was compacted. The previous message contains a summary of the conversation so far. " +
  "Do not mention the summary or that compaction occurred. Continue the conversation naturally from where it left off.";
