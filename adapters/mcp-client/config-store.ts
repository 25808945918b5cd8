import type { SettingsStore } from "../../core/ports/settings-store.ts";
import { nameProblem, parseServerConfig, SETTINGS_PREFIX, type McpServerConfig } from "./server-config.ts";

/** One `mcp:<name>` entry; `config` is null (and `error` says why) when the stored JSON is unusable. */
export type StoredServer =
  | { readonly name: string; readonly config: McpServerConfig; readonly error: null }
  | { readonly name: string; readonly config: null; readonly error: string };

/** The configured servers, by name. A broken entry is returned with its error rather than hidden. */
export async function loadServerConfigs(settings: SettingsStore): Promise<StoredServer[]> {
  const entries = await settings.kvListPrefix(SETTINGS_PREFIX);
  return entries.map(({ key, value }): StoredServer => {
    const name = key.slice(SETTINGS_PREFIX.length);
    let raw: unknown;
    try {
      raw = JSON.parse(value);
    } catch {
      return { name, config: null, error: "invalid configuration: the stored value is not JSON" };
    }
    const parsed = parseServerConfig(raw);
    return parsed.ok ? { name, config: parsed.config, error: null } : { name, config: null, error: `invalid configuration: ${parsed.error}` };
  });
}

export async function saveServerConfig(settings: SettingsStore, name: string, config: McpServerConfig): Promise<void> {
  const problem = nameProblem(name);
  if (problem) throw new Error(problem);
  const parsed = parseServerConfig(config);
  if (!parsed.ok) throw new Error(`invalid configuration for MCP server "${name}": ${parsed.error}`);
  await settings.kvSet(SETTINGS_PREFIX + name, JSON.stringify(parsed.config));
}

/** True when the server was configured. */
export function deleteServerConfig(settings: SettingsStore, name: string): Promise<boolean> {
  return settings.kvDelete(SETTINGS_PREFIX + name);
}
