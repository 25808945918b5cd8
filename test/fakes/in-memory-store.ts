import { InMemoryFileChangeStore } from "./in-memory-store/file-change-store.ts";
import { InMemoryMessageLog } from "./in-memory-store/message-log.ts";
import { InMemorySessionCatalog } from "./in-memory-store/session-catalog.ts";
import { InMemorySettingsStore } from "./in-memory-store/settings-store.ts";
import type { StoreState } from "./in-memory-store/state.ts";
import { InMemoryUsageQueries } from "./in-memory-store/usage-queries.ts";

/**
 * Every storage port in memory, for engine tests that need no database (and no native module).
 * It applies the same core/domain rules as the libSQL store and passes the same contract suites
 * (test/contract/session-store*.contract.ts); what only a database has (sync's lease, outbox and
 * local-only marks, tombstones for replicas, several processes) it leaves out.
 */
export class InMemoryStore {
  readonly sessions: InMemorySessionCatalog;
  readonly messages: InMemoryMessageLog;
  readonly usage: InMemoryUsageQueries;
  readonly fileChanges: InMemoryFileChangeStore;
  readonly settings: InMemorySettingsStore;

  constructor(options: { now?: () => number; deviceId?: string } = {}) {
    const state: StoreState = {
      now: options.now ?? Date.now, deviceId: options.deviceId ?? "this-device", sessions: new Map(), messages: [], metadata: new Map(), fileChanges: [], settings: new Map(),
    };
    this.sessions = new InMemorySessionCatalog(state);
    this.messages = new InMemoryMessageLog(state);
    this.usage = new InMemoryUsageQueries(state);
    this.fileChanges = new InMemoryFileChangeStore(state, this.sessions);
    this.settings = new InMemorySettingsStore(state);
  }

  async close(): Promise<void> {}
}
