import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SettingsStore } from "../../core/ports/settings-store.ts";
// The importer alone, not the barrel: reading a file at start needs no server manager.
import { importMcpServers } from "../mcp-client/import-format.ts";
import type { McpServerConfig } from "../../core/domain/mcp.ts";
import { locateProject } from "./project.ts";

/** A server configured outside Ursa's database: the project's `.mcp.json`, or `--mcp-config`. */
export interface ExtraServer {
  readonly name: string;
  readonly config: McpServerConfig;
}

/** The project's shared server list, as Claude Code keeps it (in git, next to the code). */
export function projectMcpFile(projectRoot: string): string {
  return join(projectRoot, ".mcp.json");
}

const approvalKey = (projectRoot: string) => `mcp-project:${projectRoot}`;

/** What the user decided about this project's `.mcp.json`: asked once per project, remembered. */
export async function projectDecision(settings: SettingsStore, projectRoot: string): Promise<"approved" | "denied" | null> {
  const value = await settings.kvGet(approvalKey(projectRoot));
  return value === "approved" || value === "denied" ? value : null;
}

export async function decideProjectServers(settings: SettingsStore, projectRoot: string, approve: boolean): Promise<void> {
  await settings.kvSet(approvalKey(projectRoot), approve ? "approved" : "denied");
}

/** `ursa mcp approve [--deny]` in the project's directory. */
export async function approveProjectServers(settings: SettingsStore, cwd: string, approve: boolean): Promise<string> {
  const root = locateProject(cwd, { atRepositoryRoot: true }).root;
  const servers = readServerFile(projectMcpFile(root));
  await decideProjectServers(settings, root, approve);
  const names = servers.map((s) => s.name).join(", ") || "none yet";
  return approve
    ? `Ursa will load the MCP servers of ${projectMcpFile(root)} (${names}) in this project.`
    : `Ursa will not load ${projectMcpFile(root)} in this project (ursa mcp approve changes that).`;
}

/**
 * The usable servers of an mcpServers (or opencode) file; none when the file does not exist.
 * A file that cannot be read or parsed throws one line naming it; unusable entries are left out.
 */
export function readServerFile(file: string): ExtraServer[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message})`);
  }
  try {
    return importMcpServers(json).flatMap((s) => (s.skipped === undefined ? [{ name: s.name, config: s.config }] : []));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** What settling the project's servers did: whether the user was asked, and a line for stderr or null. */
export interface SettledProjectServers {
  readonly asked: boolean;
  readonly note: string | null;
}

/**
 * Before the servers start: a project `.mcp.json` nobody has decided about yet is put to the
 * user once (on a terminal), and the answer remembered; without a terminal it is left unloaded
 * with one line saying how to approve it.
 */
export async function settleProjectServers(
  settings: SettingsStore,
  projectRoot: string,
  ask: ((question: string) => Promise<boolean>) | null,
): Promise<SettledProjectServers> {
  const file = projectMcpFile(projectRoot);
  let servers: ExtraServer[];
  try {
    servers = readServerFile(file);
  } catch (error) {
    return { asked: false, note: `${(error as Error).message}; its servers are not loaded` };
  }
  if (servers.length === 0 || (await projectDecision(settings, projectRoot)) !== null) return { asked: false, note: null };
  const list = servers.map((s) => `${s.name} (${s.config.transport === "stdio" ? [s.config.command, ...s.config.args].join(" ") : s.config.url})`).join(", ");
  if (!ask) return { asked: false, note: `${file} lists MCP servers (${list}) that are not loaded until you approve them once for this project: ursa mcp approve` };
  const approve = await ask(`This project's .mcp.json wants to start MCP servers: ${list}.\nLoad them in this project (remembered)? [y/N] `);
  await decideProjectServers(settings, projectRoot, approve);
  return { asked: true, note: approve ? null : `not loading ${file} in this project (ursa mcp approve changes that)` };
}
