import type { CompactedStats, Interruption, SessionInfo } from "../../domain/session-info.ts";
import type { TrustMode } from "../../domain/trust-mode.ts";
import type { ModelChoices } from "../provider-registry.ts";
import { token, type Token } from "../token.ts";
import type { SessionHandle } from "./session-handle.ts";

export interface ResumedSession {
  readonly session: SessionHandle;
  /** How the last turn was left unanswered (or that it failed); shown as a banner, never resumed automatically. */
  readonly interruption: Interruption | null;
  readonly info: SessionInfo;
}

/** Creating, finding and resuming sessions. */
export interface SessionsApi {
  create(mode: TrustMode): Promise<SessionHandle>;
  resume(idOrPrefix: string, mode?: TrustMode): Promise<ResumedSession>;
  continueLatest(mode?: TrustMode): Promise<ResumedSession>;
  list(options?: { allProjects?: boolean; limit?: number }): Promise<SessionInfo[]>;
  /** The provider names users can switch to (`/provider`). */
  providerNames(): readonly string[];
  /** The models to offer for a provider (`/model`): the server's list, or known names. */
  modelChoices(provider: string, signal?: AbortSignal): Promise<ModelChoices>;
  /** How a session's last turn was left unanswered (interrupted, killed) or that it failed, or null; a running turn is not interrupted. */
  interruption(id: string): Promise<Interruption | null>;
  delete(id: string): Promise<boolean>;
  rename(id: string, title: string): Promise<void>;
  /** What compaction archived so far, across sessions (for `/purge` to show before it asks). */
  compactedStats(): Promise<CompactedStats>;
  /** `/purge`: deletes archived history older than `minAgeDays` (0: all of it); returns how many rows. */
  purge(minAgeDays: number): Promise<number>;
}

export const SESSIONS_API: Token<SessionsApi> = token("sessions-api");
