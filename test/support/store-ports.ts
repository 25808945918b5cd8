import type { FileChangeStore } from "../../core/ports/file-change-store.ts";
import type { MessageLog } from "../../core/ports/message-log.ts";
import type { SessionCatalog } from "../../core/ports/session-catalog.ts";
import type { SettingsStore } from "../../core/ports/settings-store.ts";
import type { UsageQueries } from "../../core/ports/usage-queries.ts";

/** Every storage port over one store, as the libSQL adapter and the in-memory fake both offer them. */
export interface StorePorts {
  readonly sessions: SessionCatalog;
  readonly messages: MessageLog;
  readonly usage: UsageQueries;
  readonly fileChanges: FileChangeStore;
  readonly settings: SettingsStore;
  close(): Promise<void>;
}
