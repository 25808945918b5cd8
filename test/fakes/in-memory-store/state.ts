import type { StoredMessage } from "../../../core/domain/message.ts";
import type { TrustMode } from "../../../core/domain/trust-mode.ts";
import type { RecordedFileChange } from "../../../core/ports/file-change-store.ts";

/** A session row, as the libSQL `sessions` table holds what the ports expose. */
export interface SessionRow {
  readonly id: string;
  readonly agentName: string;
  readonly projectKey: string;
  readonly projectRoot: string;
  readonly parentId: string | null;
  readonly createdAt: number;
  /** The device that created it: the store's own (the fake has no sync to bring others'). */
  readonly createdDeviceId: string;
  title: string | null;
  mode: TrustMode | null;
  updatedAt: number;
  lastAccessedAt: number | null;
  deletedAt: number | null;
}

/** A message with the sort key the ports never show (core/domain/message-order.ts). */
export interface MessageRow {
  /** The message's id, beside its sort key for compareRows. */
  readonly id: string;
  readonly sortKey: string;
  message: StoredMessage;
}

export interface FileChangeRow {
  readonly id: string;
  readonly sessionId: string;
  readonly change: RecordedFileChange;
  undone: boolean;
}

/** Everything the in-memory store keeps, shared by its port objects as the libSQL ones share a database. */
export interface StoreState {
  readonly now: () => number;
  readonly deviceId: string;
  readonly sessions: Map<string, SessionRow>;
  readonly messages: MessageRow[];
  readonly metadata: Map<string, Map<string, string>>;
  readonly fileChanges: FileChangeRow[];
  readonly settings: Map<string, string>;
}

export function liveSession(state: StoreState, sessionId: string): SessionRow | null {
  const session = state.sessions.get(sessionId);
  return session && session.deletedAt === null ? session : null;
}

export function requireLiveSession(state: StoreState, sessionId: string): SessionRow {
  const session = liveSession(state, sessionId);
  if (!session) throw new Error(`No live session ${sessionId}`);
  return session;
}

/** A call whose signal already fired never starts (the libSQL store drops it from its queue). */
export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The store call was aborted before it ran", "AbortError");
}

/** SQLite's trim(): spaces only. */
export function sqlTrim(text: string): string {
  return text.replace(/^ +| +$/g, "");
}
