import { isRecord, nameProblem, parseServerConfig, type McpServerConfig } from "./server-config.ts";

/** One entry of an imported file: what would be stored, or why it was left out. */
export type ImportedServer =
  | { readonly name: string; readonly config: McpServerConfig; readonly skipped?: undefined }
  | { readonly name: string; readonly skipped: string };

/**
 * Reads the `mcpServers` format other agents use (`.mcp.json`, Claude Desktop's
 * `claude_desktop_config.json`; VS Code's `servers` too):
 * `{ "mcpServers": { "<name>": { "command", "args", "env" } | { "url", "headers" } | { "type": "http" | "sse", "url" } } }`.
 * `${VAR}` references are kept as they are and expand when the server starts.
 */
export function importMcpServers(json: unknown): ImportedServer[] {
  const servers = isRecord(json) ? (json["mcpServers"] ?? json["servers"]) : undefined;
  if (!isRecord(servers)) throw new Error('the file has no "mcpServers" object');
  return Object.entries(servers).map(([name, entry]): ImportedServer => {
    const problem = nameProblem(name);
    if (problem) return { name, skipped: problem };
    if (!isRecord(entry)) return { name, skipped: "the entry is not an object" };
    if (entry["disabled"] === true) return { name, skipped: "disabled in the file" };
    const candidate = toConfig(entry);
    if (typeof candidate === "string") return { name, skipped: candidate };
    const parsed = parseServerConfig(candidate);
    return parsed.ok ? { name, config: parsed.config } : { name, skipped: parsed.error };
  });
}

function toConfig(entry: Record<string, unknown>): Record<string, unknown> | string {
  const type = entry["type"] ?? entry["transport"];
  const remote = type === "http" || type === "sse" || type === "streamable-http" || type === "streamableHttp";
  if (type !== undefined && type !== "stdio" && !remote) return `unsupported transport type ${JSON.stringify(type)}`;
  if (remote || (type === undefined && entry["url"] !== undefined && entry["command"] === undefined)) {
    // Ursa tries Streamable HTTP first and falls back to SSE, so both types store the same way.
    return { transport: "http", url: entry["url"], ...(entry["headers"] !== undefined ? { headers: entry["headers"] } : {}) };
  }
  if (entry["command"] === undefined) return "the entry has neither a command nor a url";
  return {
    transport: "stdio",
    command: entry["command"],
    args: entry["args"] ?? [],
    ...(entry["env"] !== undefined ? { env: entry["env"] } : {}),
    ...(entry["cwd"] !== undefined ? { cwd: entry["cwd"] } : {}),
  };
}
