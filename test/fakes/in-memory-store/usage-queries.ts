import { countsTowardUsageOf, totalUsage, usageByAgent, usageOfRows, type AgentUsage } from "../../../core/domain/usage-roll-up.ts";
import type { SessionUsage } from "../../../core/domain/usage.ts";
import type { UsageQueries } from "../../../core/ports/usage-queries.ts";
import { checkSignal, type StoreState } from "./state.ts";

/** The UsageQueries in memory: core/domain's roll-up over the rows of the session and its sub-agents' sessions. */
export class InMemoryUsageQueries implements UsageQueries {
  readonly #s: StoreState;

  constructor(state: StoreState) {
    this.#s = state;
  }

  async sessionTokenUsage(sessionId: string, signal?: AbortSignal): Promise<SessionUsage> {
    checkSignal(signal);
    return totalUsage(this.#agentUsage(sessionId));
  }

  async sessionUsageByAgent(sessionId: string, signal?: AbortSignal): Promise<{ agentName: string; usage: SessionUsage }[]> {
    checkSignal(signal);
    return usageByAgent(this.#agentUsage(sessionId));
  }

  #agentUsage(sessionId: string): AgentUsage[] {
    const counted = (id: string) => countsTowardUsageOf(sessionId, { id, parentId: this.#s.sessions.get(id)?.parentId ?? null });
    return usageOfRows(this.#s.messages.map((r) => r.message).filter((m) => counted(m.sessionId)));
  }
}
