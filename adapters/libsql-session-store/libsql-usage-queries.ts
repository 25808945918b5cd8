import type { SessionUsage } from "../../core/domain/usage.ts";
import type { UsageQueries } from "../../core/ports/usage-queries.ts";
import * as history from "./history-queries.ts";
import type { StoreContext } from "./store-context.ts";

/** The UsageQueries over the usage columns of `messages`. */
export class LibsqlUsageQueries implements UsageQueries {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  sessionTokenUsage(sessionId: string, signal?: AbortSignal): Promise<SessionUsage> {
    return history.sessionUsage(this.#c.db, sessionId, signal);
  }

  sessionUsageByAgent(sessionId: string, signal?: AbortSignal): Promise<{ agentName: string; usage: SessionUsage }[]> {
    return history.usageByAgent(this.#c.db, sessionId, signal);
  }
}
