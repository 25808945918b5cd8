import { totalUsage, usageByAgent, type AgentUsage } from "../../core/domain/usage-roll-up.ts";
import type { SessionUsage } from "../../core/domain/usage.ts";
import type { UsageQueries } from "../../core/ports/usage-queries.ts";
import { integer, optionalText } from "./column-values.ts";
import { toUsage, USAGE_SUMS } from "./session-row.ts";
import type { StoreContext } from "./store-context.ts";

// core/domain/usage-roll-up.ts countsTowardUsageOf, as SQL: the session and its sub-agents' sessions.
const SESSION_AND_SUB_AGENTS = "session_id IN (SELECT ? UNION ALL SELECT id FROM sessions WHERE parent_id = ?)";

/** The UsageQueries over the usage columns of `messages`: SQLite sums per agent, core/domain rolls them up. */
export class LibsqlUsageQueries implements UsageQueries {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  async sessionTokenUsage(sessionId: string, signal?: AbortSignal): Promise<SessionUsage> {
    return totalUsage(await this.#agentUsage(sessionId, signal));
  }

  async sessionUsageByAgent(sessionId: string, signal?: AbortSignal): Promise<{ agentName: string; usage: SessionUsage }[]> {
    return usageByAgent(await this.#agentUsage(sessionId, signal));
  }

  async #agentUsage(sessionId: string, signal?: AbortSignal): Promise<AgentUsage[]> {
    const rows = await this.#c.db.rows(
      `SELECT agent_name, COUNT(prompt_tokens), ${USAGE_SUMS} FROM messages WHERE ${SESSION_AND_SUB_AGENTS} GROUP BY agent_name`,
      [sessionId, sessionId],
      signal,
    );
    return rows.map((row) => ({ agentName: optionalText(row[0]), reported: integer(row[1]), usage: toUsage(row, 2) }));
  }
}
