import type { ProjectRef, SessionInfo } from "../domain/session-info.ts";
import type { TrustMode } from "../domain/trust-mode.ts";
import { token, type Token } from "./token.ts";

/**
 * The stored sessions themselves: their rows, titles, modes and per-session metadata (the todo
 * list, the chosen provider and model). Semantics are pinned by test/contract/session-store.contract.ts.
 * Reads take an optional AbortSignal: a call still waiting for the database is dropped with an
 * AbortError when it fires; one already running finishes (see MessageLog for why).
 */
export interface SessionCatalog {
  /** `parentId`: the session whose sub-agent this is (listed under it in the dashboard). */
  createSession(input: { agentName: string; project: ProjectRef; mode?: TrustMode; parentId?: string }): Promise<string>;
  getSession(sessionId: string, signal?: AbortSignal): Promise<SessionInfo | null>;
  /** Newest update first. Without `projectKey`, sessions of every project; `topLevel` leaves sub-agents' sessions out. */
  listSessions(options: { projectKey?: string; limit: number; topLevel?: boolean }, signal?: AbortSignal): Promise<SessionInfo[]>;
  /** Ids of live sessions whose id starts with `prefix` (at most `limit`), newest first. */
  findSessionsByPrefix(prefix: string, limit?: number, signal?: AbortSignal): Promise<string[]>;
  /** Tombstones the session and its sub-agents' sessions, and drops their content. True when it existed. */
  deleteSession(sessionId: string): Promise<boolean>;
  setSessionTitle(sessionId: string, title: string): Promise<void>;
  setSessionMode(sessionId: string, mode: TrustMode): Promise<void>;
  getSessionMode(sessionId: string, signal?: AbortSignal): Promise<TrustMode | null>;
  /** Seconds since the session's context was last loaded or written; null when never. */
  getSessionIdleSeconds(sessionId: string, signal?: AbortSignal): Promise<number | null>;
  getMetadata(sessionId: string, key: string, signal?: AbortSignal): Promise<string | null>;
  /**
   * In one read, the session's metadata whose key starts with `prefix` (exactly: no wildcards,
   * case counts), by key; `from` and `through` narrow it to the keys between them, both included
   * (whole keys, compared character by character; give them in ASCII).
   */
  listMetadata(sessionId: string, keys: MetadataKeys, signal?: AbortSignal): Promise<Map<string, string>>;
  /** Live sessions whose metadata `key` holds exactly `value` (an imported session's origin), in id order. */
  sessionsWithMetadata(key: string, value: string, signal?: AbortSignal): Promise<string[]>;
  /** Upserts; rejects when the session does not exist (or was deleted). */
  setMetadata(sessionId: string, key: string, value: string): Promise<void>;
  /** The todo list's JSON (metadata key "todo"). */
  getTodo(sessionId: string, signal?: AbortSignal): Promise<string | null>;
  setTodo(sessionId: string, content: string): Promise<void>;
}

export interface MetadataKeys {
  readonly prefix: string;
  readonly from?: string;
  readonly through?: string;
}

export const SESSION_CATALOG: Token<SessionCatalog> = token("session-catalog");
