import type { SessionUsage } from "../domain/usage.ts";
import { token, type Token } from "./token.ts";

/**
 * What a session's work cost: its own rows (archived ones included) and its sub-agents'
 * sessions, rolled up by core/domain/usage-roll-up.ts. Reads take an optional AbortSignal (see MessageLog).
 */
export interface UsageQueries {
  sessionTokenUsage(sessionId: string, signal?: AbortSignal): Promise<SessionUsage>;
  /** The same, per agent: the main agent as "main", sub-agents by their name, ordered by name. */
  sessionUsageByAgent(sessionId: string, signal?: AbortSignal): Promise<{ agentName: string; usage: SessionUsage }[]>;
}

export const USAGE_QUERIES: Token<UsageQueries> = token("usage-queries");
