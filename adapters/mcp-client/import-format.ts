import { isRecord, nameProblem, parseServerConfig, type McpServerConfig } from "./server-config.ts";

/** One entry of an imported file: what would be stored (under `name`), or why it was left out. */
export type ImportedServer =
  | { readonly name: string; readonly config: McpServerConfig; readonly skipped?: undefined; readonly originalName?: string }
  | { readonly name: string; readonly skipped: string };

/**
 * Reads the server lists other agents keep:
 * - `mcpServers` (`.mcp.json`, Claude Desktop, Cursor, Gemini CLI's settings.json; VS Code's `servers`):
 *   `{ "<name>": { "command", "args", "env", "cwd" } | { "url" | "httpUrl", "headers" } | { "type": "http" | "sse", "url" } }`,
 *   with Gemini CLI's `includeTools` / `excludeTools` and `timeout` (ms);
 * - opencode's `mcp`: `{ "<name>": { "type": "local", "command": [cmd, …args], "environment" } | { "type": "remote", "url", "headers" } }`.
 * A name Ursa cannot use is turned into one it can (`my server` → `my-server`), not skipped.
 * `${VAR}` references are kept as they are and expand when the server starts.
 */
export function importMcpServers(json: unknown): ImportedServer[] {
  const opencode = isRecord(json) && isRecord(json["mcp"]) && !isRecord(json["mcpServers"]) ? json["mcp"] : undefined;
  const servers = opencode ?? (isRecord(json) ? (json["mcpServers"] ?? json["servers"]) : undefined);
  if (!isRecord(servers)) throw new Error('the file has no "mcpServers" (or opencode "mcp") object');
  const taken = new Set<string>();
  return Object.entries(servers).map(([original, entry]): ImportedServer => {
    const name = uniqueName(sanitiseName(original), taken);
    if (!isRecord(entry)) return { name: original, skipped: "the entry is not an object" };
    if (entry["disabled"] === true || entry["enabled"] === false) return { name: original, skipped: "disabled in the file" };
    const candidate = opencode ? fromOpencode(entry) : toConfig(entry);
    if (typeof candidate === "string") return { name: original, skipped: candidate };
    const parsed = parseServerConfig(candidate);
    if (!parsed.ok) return { name: original, skipped: parsed.error };
    taken.add(name);
    return { name, config: parsed.config, ...(name !== original ? { originalName: original } : {}) };
  });
}

/** A name Ursa accepts: letters, digits, `_` and `-`, no `__`, at most 40 characters. */
export function sanitiseName(name: string): string {
  if (nameProblem(name) === null) return name;
  const clean = name.trim().replace(/[^A-Za-z0-9_-]+/g, "-").replace(/_{2,}/g, "_").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  return clean === "" ? "server" : clean;
}

function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name.slice(0, 37)}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function toConfig(entry: Record<string, unknown>): Record<string, unknown> | string {
  const type = entry["type"] ?? entry["transport"];
  const remote = type === "http" || type === "sse" || type === "streamable-http" || type === "streamableHttp";
  if (type !== undefined && type !== "stdio" && !remote) return `unsupported transport type ${JSON.stringify(type)}`;
  const common = {
    // Gemini CLI: includeTools / excludeTools, and a per-request timeout in milliseconds.
    ...(entry["includeTools"] !== undefined ? { enabledTools: entry["includeTools"] } : {}),
    ...(entry["excludeTools"] !== undefined ? { disabledTools: entry["excludeTools"] } : {}),
    ...(typeof entry["timeout"] === "number" && entry["timeout"] > 0 ? { toolTimeoutSec: entry["timeout"] / 1000 } : {}),
  };
  const url = entry["httpUrl"] ?? entry["url"];
  if (remote || (type === undefined && url !== undefined && entry["command"] === undefined)) {
    // Ursa tries Streamable HTTP first and falls back to SSE, so both types store the same way.
    return { transport: "http", url, ...(entry["headers"] !== undefined ? { headers: entry["headers"] } : {}), ...common };
  }
  if (entry["command"] === undefined) return "the entry has neither a command nor a url";
  return {
    transport: "stdio",
    command: entry["command"],
    args: entry["args"] ?? [],
    ...(entry["env"] !== undefined ? { env: entry["env"] } : {}),
    ...(entry["cwd"] !== undefined ? { cwd: entry["cwd"] } : {}),
    ...common,
  };
}

function fromOpencode(entry: Record<string, unknown>): Record<string, unknown> | string {
  if (entry["type"] === "remote") {
    return { transport: "http", url: entry["url"], ...(entry["headers"] !== undefined ? { headers: entry["headers"] } : {}) };
  }
  if (entry["type"] !== undefined && entry["type"] !== "local") return `unsupported opencode server type ${JSON.stringify(entry["type"])}`;
  const command = entry["command"];
  const words = Array.isArray(command) ? command : typeof command === "string" ? [command] : [];
  if (words.length === 0 || !words.every((w) => typeof w === "string")) return "the entry's command must be a list of strings";
  return {
    transport: "stdio",
    command: words[0],
    args: words.slice(1),
    ...(entry["environment"] !== undefined ? { env: entry["environment"] } : {}),
  };
}
