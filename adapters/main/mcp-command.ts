import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import type { SettingsStore } from "../../core/ports/settings-store.ts";
import { openLibsqlStore } from "../libsql-store/mod.ts";
import {
  describeTarget, importMcpServers, loadServerConfigs, McpServerManager, deleteServerConfig, saveServerConfig, type McpServerStatus,
} from "../mcp-client/mod.ts";
import { UsageError } from "./cli-args.ts";
import { parseMcpCommand, type McpCliCommand } from "../../ui/commands/mcp-grammar.ts";
import { resolveDataDir } from "./data-dir.ts";
import { loadDeviceId } from "./device-id.ts";
import { childEnvironment } from "./child-env.ts";
import { readKeysFile } from "./keys-file.ts";

export const MCP_HELP = `ursa mcp — manage MCP servers (shared by every session; stored in Ursa's database)

Usage:
  ursa mcp add <name> [options] -- <command> [args…]   a server Ursa starts (stdio)
      --env KEY=VALUE            set a variable for the server (repeatable; \${VAR} expands at start)
      --cwd <dir>                where the server runs (default: the project)
  ursa mcp add-http <name> <url> [options]           a server Ursa connects to (Streamable HTTP, or SSE)
      --header "Name: value"     send a header with every request (repeatable; \${VAR} expands at start)
  ursa mcp list [--json]         each server with its status and tool count (connects briefly)
  ursa mcp get <name>            one server's configuration
  ursa mcp remove <name>         forget a server
  ursa mcp import <file>         add the servers of another agent's file: mcpServers (.mcp.json,
                                 claude_desktop_config.json, Gemini CLI settings.json) or opencode's mcp
  ursa mcp approve [--deny]      load (or never load) this project's .mcp.json; remembered per project

Options for add and add-http (before the command; write -- before a command with options of its own):
      --startup-timeout <s>      seconds to start and list tools (default 30)
      --tool-timeout <s>         seconds one tool call may take (default 120)
      --enable-tools <a,b>       offer only these tools of the server (repeatable)
      --disable-tools <a,b>      leave these tools out (repeatable)

Names may contain letters, digits, "_" and "-" (not "__"). Tools appear as <name>__<tool>.
Running Ursa sessions pick up changes within seconds. See docs/mcp.md.
`;

export interface McpIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** `ursa mcp …`: exit code 0 done, 1 failed, 2 bad usage. */
export async function runMcpCommand(argv: readonly string[], io: McpIo): Promise<number> {
  let command: McpCliCommand;
  try {
    command = parseMcpArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`ursa mcp: ${error.message}\nRun ursa mcp --help for usage.\n`);
    return 2;
  }
  if (command.kind === "help") {
    io.out.write(MCP_HELP);
    return 0;
  }
  const dataDir = resolveDataDir(io.env, homedir());
  const store = await openLibsqlStore({ url: `file:${join(dataDir, "ursa.db")}`, deviceId: loadDeviceId(dataDir) });
  try {
    return await execute(command, store.settings, io, dataDir);
  } catch (error) {
    io.err.write(`ursa mcp: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

async function execute(command: Exclude<McpCliCommand, { kind: "help" }>, settings: SettingsStore, io: McpIo, dataDir: string): Promise<number> {
  switch (command.kind) {
    case "add": {
      const existed = (await settings.kvGet(`mcp:${command.name}`)) !== null;
      await saveServerConfig(settings, command.name, command.config);
      io.out.write(`${existed ? "Updated" : "Added"} MCP server ${command.name} (${command.config.transport}: ${describeTarget(command.config)}).\nCheck it with: ursa mcp list\n`);
      return 0;
    }
    case "remove": {
      if (!(await deleteServerConfig(settings, command.name))) {
        io.err.write(`ursa mcp: no MCP server named ${command.name}\n`);
        return 1;
      }
      io.out.write(`Removed MCP server ${command.name}.\n`);
      return 0;
    }
    case "import":
      return importFile(command.file, settings, io);
    case "list":
      return list(settings, io, command.json, dataDir);
    case "get":
      return get(settings, command.name, io);
    case "approve": {
      const { approveProjectServers } = await import("./project-mcp.ts");
      io.out.write(`${await approveProjectServers(settings, io.cwd, !command.deny)}\n`);
      return 0;
    }
  }
}

async function get(settings: SettingsStore, name: string, io: McpIo): Promise<number> {
  const entry = (await loadServerConfigs(settings)).find((s) => s.name === name);
  if (!entry) {
    io.err.write(`ursa mcp: no MCP server named ${name} (ursa mcp list shows them)\n`);
    return 1;
  }
  if (!entry.config) {
    io.out.write(`${name}\n  error: ${entry.error}\n`);
    return 0;
  }
  const c = entry.config;
  const lines = [name, `  transport: ${c.transport}`];
  if (c.transport === "stdio") {
    lines.push(`  command: ${c.command}`, `  args: ${JSON.stringify(c.args)}`);
    if (c.cwd) lines.push(`  cwd: ${c.cwd}`);
    // Values may be secrets: their names only.
    if (c.env) lines.push(`  env: ${Object.keys(c.env).join(", ")}`);
  } else {
    lines.push(`  url: ${c.url}`);
    if (c.headers) lines.push(`  headers: ${Object.keys(c.headers).join(", ")}`);
  }
  if (c.startupTimeoutSec) lines.push(`  startup timeout: ${c.startupTimeoutSec} s`);
  if (c.toolTimeoutSec) lines.push(`  tool timeout: ${c.toolTimeoutSec} s`);
  if (c.enabledTools) lines.push(`  enabled tools: ${c.enabledTools.join(", ")}`);
  if (c.disabledTools) lines.push(`  disabled tools: ${c.disabledTools.join(", ")}`);
  io.out.write(`${lines.join("\n")}\n`);
  return 0;
}

async function importFile(file: string, settings: SettingsStore, io: McpIo): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    io.err.write(`ursa mcp: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  let entries;
  try {
    entries = importMcpServers(json);
  } catch (error) {
    io.err.write(`ursa mcp: ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const existing = new Set((await loadServerConfigs(settings)).map((s) => s.name));
  for (const entry of entries) {
    if (entry.skipped !== undefined) {
      io.out.write(`skipped ${entry.name}: ${entry.skipped}\n`);
    } else if (existing.has(entry.name)) {
      io.out.write(`skipped ${entry.name}: already configured (ursa mcp remove ${entry.name} to replace it)\n`);
    } else {
      await saveServerConfig(settings, entry.name, entry.config);
      const renamed = entry.originalName !== undefined ? ` (renamed from "${entry.originalName}")` : "";
      io.out.write(`imported ${entry.name}${renamed} (${entry.config.transport}: ${describeTarget(entry.config)})\n`);
    }
  }
  if (entries.length === 0) io.out.write(`${file} lists no servers.\n`);
  return 0;
}

async function list(settings: SettingsStore, io: McpIo, json: boolean, dataDir: string): Promise<number> {
  if ((await loadServerConfigs(settings)).length === 0) {
    io.out.write(json ? "[]\n" : "No MCP servers configured. Add one with: ursa mcp add <name> -- <command> [args…]\n");
    return 0;
  }
  // The servers start as in a session: without Ursa's secrets (by name and by value, keys.json's too).
  const inheritedEnv = childEnvironment(io.env, readKeysFile(dataDir).keys);
  const servers = new McpServerManager({ settings, env: io.env, inheritedEnv, cwd: io.cwd, clientVersion: pkg.version });
  try {
    servers.start();
    await servers.settled();
    io.out.write(json ? `${JSON.stringify(servers.status().map(statusJson), null, 2)}\n` : table(servers.status()));
  } finally {
    await servers.close();
  }
  return 0;
}

function statusJson(s: McpServerStatus) {
  return { name: s.name, transport: s.transport, state: s.state, tool_count: s.toolCount, target: s.target, error: s.lastError, skipped_tools: s.skippedTools };
}

function table(statuses: readonly McpServerStatus[]): string {
  const rows = statuses.map((s) => [s.name, s.transport, s.state, `${s.toolCount} tool${s.toolCount === 1 ? "" : "s"}`, s.target]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return statuses
    .map((s, i) => {
      const line = rows[i]!.map((cell, j) => (j === rows[i]!.length - 1 ? cell : cell.padEnd(widths[j]!))).join("  ").trimEnd();
      // A connected server's only error is about tools it offered that Ursa left out; list those instead.
      const notes = s.state === "connected" ? s.skippedTools.map((t) => `left out: ${t}`) : s.lastError ? [`error: ${s.lastError}`] : [];
      return [line, ...notes.map((n) => `    ${n}`)].join("\n");
    })
    .join("\n") + "\n";
}

/** Parses the words after `ursa mcp` (ui/commands/mcp-grammar.ts, the dashboard's `/mcp` too); a mistake is a UsageError. */
function parseMcpArgs(argv: readonly string[]): McpCliCommand {
  try {
    return parseMcpCommand(argv, "cli");
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}
