import type { StoredMessage } from "./message.ts";
import { addSessionUsage, ZERO_SESSION_USAGE, type SessionUsage } from "./usage.ts";

/**
 * The usage of one agent's rows within a session and its sub-agents' sessions. Archived rows
 * count: their tokens were spent all the same. A store may sum these in its query language.
 */
export interface AgentUsage {
  /** Null for the session's main agent. */
  readonly agentName: string | null;
  readonly usage: SessionUsage;
  /** How many rows reported usage (an agent without any is not listed by agent). */
  readonly reported: number;
}

/** The name the main agent (rows without an agent name) is reported under. */
export const MAIN_AGENT = "main";

/** Whose usage a session's figures include: its own rows and its sub-agents' sessions' (their work was for it). */
export function countsTowardUsageOf(sessionId: string, session: { readonly id: string; readonly parentId: string | null }): boolean {
  return session.id === sessionId || session.parentId === sessionId;
}

/**
 * Sums rows per agent: tokens of every row, apiCalls the assistant rows with usage, cost the
 * priced rows, unpricedCalls the assistant rows with usage but no price.
 */
export function usageOfRows(rows: readonly Pick<StoredMessage, "role" | "usage" | "costUsd" | "agentName">[]): AgentUsage[] {
  const byAgent = new Map<string | null, AgentUsage>();
  for (const row of rows) {
    const call = row.role === "assistant" && row.usage !== null;
    const one: AgentUsage = {
      agentName: row.agentName,
      reported: row.usage === null ? 0 : 1,
      usage: {
        promptTokens: row.usage?.promptTokens ?? 0,
        completionTokens: row.usage?.completionTokens ?? 0,
        cacheReadTokens: row.usage?.cacheReadTokens ?? 0,
        cacheCreationTokens: row.usage?.cacheCreationTokens ?? 0,
        thinkingTokens: row.usage?.thinkingTokens ?? 0,
        apiCalls: call ? 1 : 0,
        costUsd: row.costUsd ?? 0,
        unpricedCalls: call && row.costUsd === null ? 1 : 0,
      },
    };
    const seen = byAgent.get(row.agentName);
    byAgent.set(row.agentName, seen ? combine(seen, one) : one);
  }
  return [...byAgent.values()];
}

/** The session's total over every agent. */
export function totalUsage(groups: readonly AgentUsage[]): SessionUsage {
  return groups.reduce((sum, group) => addSessionUsage(sum, group.usage), ZERO_SESSION_USAGE);
}

/** Per agent that reported usage: the main agent as "main", sub-agents by name, ordered by name (code units). */
export function usageByAgent(groups: readonly AgentUsage[]): { agentName: string; usage: SessionUsage }[] {
  const byName = new Map<string, SessionUsage>();
  for (const group of groups) {
    if (group.reported === 0) continue;
    const name = group.agentName ?? MAIN_AGENT;
    byName.set(name, addSessionUsage(byName.get(name) ?? ZERO_SESSION_USAGE, group.usage));
  }
  return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([agentName, usage]) => ({ agentName, usage }));
}

function combine(a: AgentUsage, b: AgentUsage): AgentUsage {
  return { agentName: a.agentName, reported: a.reported + b.reported, usage: addSessionUsage(a.usage, b.usage) };
}
