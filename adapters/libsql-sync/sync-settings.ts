import type { LocalDatabase } from "./local-database.ts";

/**
 * The `sync_state` table (local, never synced): small key/value settings of the sync engine.
 * Keys: `url`, `enabled`, `outbox_device` (present exactly while the outbox triggers are live),
 * `disabled_at`, `state`, `last_error`, `last_success_at`, `pull_only` (the server refused this
 * device a write), `devices` (JSON), `device:<id>` (a
 * device's name, read by the session list for leases), `cursor:<table>`, `root:<project key>`
 * (this machine's checkout of a project), `link:<local project key>` (the key it maps to remotely).
 */
export class SyncSettings {
  readonly #db: LocalDatabase;

  constructor(db: LocalDatabase) {
    this.#db = db;
  }

  async get(key: string): Promise<string | null> {
    const rows = await this.#db.rows("SELECT value FROM sync_state WHERE key = ?", [key]);
    return rows[0] ? String(rows[0][0]) : null;
  }

  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.#db.rows("SELECT key, value FROM sync_state WHERE key IN (SELECT value FROM json_each(?))", [JSON.stringify(keys)]);
    return new Map(rows.map((row) => [String(row[0]), String(row[1])]));
  }

  async byPrefix(prefix: string): Promise<Map<string, string>> {
    const rows = await this.#db.rows("SELECT key, value FROM sync_state WHERE substr(key, 1, length(?1)) = ?1", [prefix]);
    return new Map(rows.map((row) => [String(row[0]).slice(prefix.length), String(row[1])]));
  }

  /** Sets (string) or removes (null) each key, in one transaction. */
  async set(entries: Readonly<Record<string, string | null>>): Promise<void> {
    await this.#db.batch(Object.entries(entries).map(([key, value]) =>
      value === null
        ? { sql: "DELETE FROM sync_state WHERE key = ?", args: [key] }
        : { sql: "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", args: [key, value] }));
  }
}
