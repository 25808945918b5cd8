import { token, type Token } from "./token.ts";

/** Ursa's own settings (MCP servers, last provider…), kept in its database. Never API keys. */
export interface SettingsStore {
  kvGet(key: string, signal?: AbortSignal): Promise<string | null>;
  kvSet(key: string, value: string): Promise<void>;
  /** True when the key existed. */
  kvDelete(key: string): Promise<boolean>;
  /** Entries whose key starts with `prefix`, ordered by key. */
  kvListPrefix(prefix: string, signal?: AbortSignal): Promise<{ key: string; value: string }[]>;
}

export const SETTINGS_STORE: Token<SettingsStore> = token("settings-store");
