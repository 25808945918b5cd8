import { token, type Token } from "./token.ts";

/**
 * Sync of sessions to a remote libSQL server (issue 10). The local database stays the primary
 * copy; a round pushes this device's queued changes and pulls the other devices' ones.
 * The service never throws for network or auth trouble: it reports it in `SyncStatus`
 * (state + lastError). `round` rejects only on abort.
 */
export type SyncState = "off" | "ok" | "pushing" | "pulling" | "offline" | "token_expired" | "read_only" | "needs_newer" | "not_found";
export interface SyncStatus {
  readonly state: SyncState;
  readonly url: string | null;          // token never included
  readonly queued: number;              // outbox rows not yet pushed
  readonly lastSuccessAt: number | null;
  readonly lastError: string | null;    // one line, e.g. "401 The JWT has expired"
  readonly devices: readonly { id: string; name: string; lastSeenAt: number }[];
  /**
   * The server refused this device a write (a read-only token): found at setup and at a
   * refused push, ended by a push that gets through. It pulls; its changes stay queued.
   */
  readonly pullOnly: boolean;
}
export interface SyncRound {
  readonly pushed: number;
  readonly pulled: number;
  /** The sessions whose rows (their own, messages, todos, file changes) arrived in this round's pull. */
  readonly sessions: readonly string[];
  readonly status: SyncStatus;
}
export interface SyncService {
  /** Checks the server and token, creates or migrates the remote schema, enables sync, queues existing sessions. */
  setup(url: string, token: string | null, signal: AbortSignal): Promise<SyncStatus>;
  round(kind: "both" | "push" | "pull", signal: AbortSignal): Promise<SyncRound>;
  status(signal: AbortSignal): Promise<SyncStatus>;
  setEnabled(enabled: boolean, signal: AbortSignal): Promise<void>;
  /**
   * local=true keeps the session (and its sub-agents) off the server and deletes the remote copy
   * at the next push; other devices' copies become local-only there at their next pull.
   */
  setLocalOnly(sessionId: string, local: boolean, signal: AbortSignal): Promise<void>;
  /**
   * This process stopped writing the session (a headless run ended): the lease this device holds
   * on it and its sub-agents' sessions ends now instead of two minutes after the last write, so
   * other devices stop showing it "running on" this one once it is pushed. A lease another
   * device took since is left alone. Local only; the next push sends it.
   */
  releaseLease(sessionId: string, signal: AbortSignal): Promise<void>;
  /**
   * This process continues the session (a dashboard opened it or took it over): this device
   * holds it for the next two minutes, as a write would, so once pushed other devices show it
   * "running on" this one and open it read-only. Renews a lease this device holds once a quarter
   * of it has run. Local only; the next push sends it. True when the lease changed (worth a push).
   */
  takeLease(sessionId: string, signal: AbortSignal): Promise<boolean>;
  /**
   * Extends a lease this device still holds, once a quarter of it has run; a lapsed one is left
   * as it is (another device may have taken the session meanwhile: the next pull tells). True
   * when the lease changed.
   */
  renewLease(sessionId: string, signal: AbortSignal): Promise<boolean>;
  /** Maps this checkout's project key to another machine's. */
  link(projectKey: string, signal: AbortSignal): Promise<void>;
  /** Emits after every state change (for the status bar). */
  readonly changes$: import("rxjs").Observable<SyncStatus>;
}

export const SYNC_SERVICE: Token<SyncService> = token("sync-service");
