import { LibsqlFileChangeStore } from "./libsql-file-change-store.ts";
import { LibsqlMessageLog } from "./libsql-message-log.ts";
import { LibsqlSessionCatalog } from "./libsql-session-catalog.ts";
import { LibsqlSettingsStore } from "./libsql-settings-store.ts";
import { LibsqlUsageQueries } from "./libsql-usage-queries.ts";
import { applyMigrations, MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";
import { QueuedClient } from "./queued-client.ts";
import { explainStorageError } from "./storage-errors.ts";

export interface LibsqlStoreOptions {
  /** `file:/absolute/path.db` or `:memory:`. */
  readonly url: string;
  /** Written on every row this store writes, so a later sync can tell devices apart. */
  readonly deviceId: string;
  /** How long a write waits for another process's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Epoch-ms clock for every timestamp; injectable so tests can age rows. */
  readonly now?: () => number;
}

/**
 * Ursa's local libSQL database, opened and migrated, with one adapter per storage port over it.
 * They share one Client with one connection, every call queued behind the previous one (see
 * QueuedClient), every write a short transaction. The composition root binds each port's token
 * to its field and closes the whole when the container goes.
 */
export class LibsqlStore {
  readonly sessions: LibsqlSessionCatalog;
  readonly messages: LibsqlMessageLog;
  readonly usage: LibsqlUsageQueries;
  readonly fileChanges: LibsqlFileChangeStore;
  readonly settings: LibsqlSettingsStore;
  readonly #db: QueuedClient;

  static async open(options: LibsqlStoreOptions): Promise<LibsqlStore> {
    const now = options.now ?? Date.now;
    const where = options.url.replace(/^file:/, "");
    // A damaged, truncated, directory-shaped or read-only file, or a full disk: one line saying what to do.
    const client = await openDatabase(options.url, options.busyTimeoutMs ?? 5000).catch((error: unknown) => {
      throw explainStorageError(error, where);
    });
    try {
      await applyMigrations(client, MIGRATIONS, now);
    } catch (error) {
      client.close();
      throw explainStorageError(error, where);
    }
    return new LibsqlStore(new QueuedClient(client, where), options.deviceId, now);
  }

  private constructor(db: QueuedClient, deviceId: string, now: () => number) {
    this.#db = db;
    const context = { db, deviceId, now };
    this.sessions = new LibsqlSessionCatalog(context);
    this.messages = new LibsqlMessageLog(context);
    this.usage = new LibsqlUsageQueries(context);
    this.fileChanges = new LibsqlFileChangeStore(context);
    this.settings = new LibsqlSettingsStore(context);
  }

  /**
   * The store's own queued connection, for the sync engine (adapters/libsql-sync): its pulls and
   * outbox reads must queue behind the store's transactions, not contend with them on a second
   * connection whose busy wait would block the event loop.
   */
  get syncDatabase(): QueuedClient {
    return this.#db;
  }

  /**
   * Gives `project` the sessions this machine kept under its root's `path:` key, when the project
   * now has another key (a git remote was added), so they stay listed and resumable here.
   * Re-keying queues nothing by trigger; when sync is on they are queued so the server learns the
   * new key too (or the key a `sync link` made under the path maps it to, which carries over).
   * Does nothing once done, or for a project still keyed by its path.
   */
  async adoptPathKeyedSessions(project: { readonly key: string; readonly root: string }): Promise<void> {
    const old = `path:${project.root}`;
    if (project.key === old) return;
    // The usual start (nothing under the path key): one read, no write lock taken.
    const left = await this.#db.rows("SELECT 1 FROM sessions WHERE project_key = ?1 UNION ALL SELECT 1 FROM sync_state WHERE key = 'link:' || ?1 LIMIT 1", [old]);
    if (left.length === 0) return;
    const syncOn = (await this.#db.rows("SELECT 1 FROM sync_state WHERE key = 'outbox_device' AND value IS NOT NULL", [])).length > 0;
    await this.#db.batch([
      ...(syncOn ? [{
        sql: `INSERT INTO sync_outbox (table_name, session_id, row_id) SELECT 'sessions', id, id FROM sessions
              WHERE project_key = ? AND local_only = 0
              ON CONFLICT (table_name, session_id, row_id) DO UPDATE SET version = version + 1`,
        args: [old],
      }] : []),
      { sql: "UPDATE sessions SET project_key = ? WHERE project_key = ?", args: [project.key, old] },
      // A `ursa sync link` made under the path key keeps mapping the project to the other machine's key.
      {
        sql: `INSERT INTO sync_state (key, value) SELECT 'link:' || ?1, value FROM sync_state WHERE key = 'link:' || ?2 AND value IS NOT NULL AND value != ?1
              ON CONFLICT (key) DO NOTHING`,
        args: [project.key, old],
      },
    ]);
  }

  /** Waits for queued calls, then closes the database; later calls fail. Idempotent. */
  close(): Promise<void> {
    return this.#db.close();
  }
}

export function openLibsqlStore(options: LibsqlStoreOptions): Promise<LibsqlStore> {
  return LibsqlStore.open(options);
}
