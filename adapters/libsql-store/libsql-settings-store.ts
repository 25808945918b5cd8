import type { SettingsStore } from "../../core/ports/settings-store.ts";
import { optionalText, text } from "./column-values.ts";
import type { StoreContext } from "./store-context.ts";

/** The SettingsStore over the `kv_store` table (MCP servers, last provider…). */
export class LibsqlSettingsStore implements SettingsStore {
  readonly #c: StoreContext;

  constructor(context: StoreContext) {
    this.#c = context;
  }

  async kvGet(key: string, signal?: AbortSignal): Promise<string | null> {
    const rows = await this.#c.db.rows("SELECT value FROM kv_store WHERE key = ?", [key], signal);
    return optionalText(rows[0]?.[0]);
  }

  async kvSet(key: string, value: string): Promise<void> {
    await this.#c.db.execute(
      `INSERT INTO kv_store (key, value, updated_at, device_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, device_id = excluded.device_id`,
      [key, value, this.#c.now(), this.#c.deviceId],
    );
  }

  async kvDelete(key: string): Promise<boolean> {
    return (await this.#c.db.execute("DELETE FROM kv_store WHERE key = ?", [key])) > 0;
  }

  /** Case-sensitive (LIKE would not be), ordered by key. */
  async kvListPrefix(prefix: string, signal?: AbortSignal): Promise<{ key: string; value: string }[]> {
    const rows = await this.#c.db.rows("SELECT key, value FROM kv_store WHERE substr(key, 1, length(?)) = ? ORDER BY key", [prefix, prefix], signal);
    return rows.map((row) => ({ key: text(row[0]), value: text(row[1]) }));
  }
}
