import type { McpCommonConfig, McpHttpConfig, McpServerConfig, McpStdioConfig } from "../../core/domain/mcp.ts";
import { mcpNameProblem, mcpUrlProblem } from "../../core/domain/mcp-server-checks.ts";

export type { McpHttpConfig, McpServerConfig, McpStdioConfig } from "../../core/domain/mcp.ts";
export const DEFAULT_STARTUP_TIMEOUT_SEC = 30;
export const DEFAULT_TOOL_TIMEOUT_SEC = 120;
export const SETTINGS_PREFIX = "mcp:";

/** Why a server name is unusable, or null (the rule lives with the shared add grammar). */
export const nameProblem = mcpNameProblem;

/** A checked configuration from untrusted JSON (the database, an imported file), or why it is not one. */
export function parseServerConfig(raw: unknown): { ok: true; config: McpServerConfig } | { ok: false; error: string } {
  try {
    return { ok: true, config: checkConfig(raw) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function checkConfig(raw: unknown): McpServerConfig {
  if (!isRecord(raw)) throw new Error("the configuration must be a JSON object");
  const common: McpCommonConfig = {
    ...optionalSeconds(raw, "startupTimeoutSec"),
    ...optionalSeconds(raw, "toolTimeoutSec"),
    ...optionalNames(raw, "enabledTools"),
    ...optionalNames(raw, "disabledTools"),
  };
  if (raw["transport"] === "stdio") {
    const command = raw["command"];
    if (typeof command !== "string" || command.trim() === "") throw new Error("a stdio server needs a non-empty command");
    const args = raw["args"] ?? [];
    if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) throw new Error("args must be a list of strings");
    const cwd = raw["cwd"];
    if (cwd !== undefined && typeof cwd !== "string") throw new Error("cwd must be a string");
    return {
      transport: "stdio",
      command,
      args: args as string[],
      ...(raw["env"] !== undefined ? { env: stringMap(raw["env"], "env") } : {}),
      ...(cwd !== undefined ? { cwd } : {}),
      ...common,
    };
  }
  if (raw["transport"] === "http") {
    const url = raw["url"];
    if (typeof url !== "string") throw new Error("an http server needs a url");
    const problem = urlProblem(url);
    if (problem) throw new Error(problem);
    return { transport: "http", url, ...(raw["headers"] !== undefined ? { headers: stringMap(raw["headers"], "headers") } : {}), ...common };
  }
  throw new Error(`transport must be "stdio" or "http" (got ${JSON.stringify(raw["transport"] ?? null)})`);
}

/** Why a server URL is unusable, or null. */
export const urlProblem = mcpUrlProblem;

/** What the server runs or where it lives, for lists and status lines. */
export function describeTarget(config: McpServerConfig): string {
  return config.transport === "stdio" ? [config.command, ...config.args].join(" ") : config.url;
}

/** Whether the server's tool (by its own name) passes `enabledTools` / `disabledTools`. */
export function toolEnabled(config: McpServerConfig, toolName: string): boolean {
  if (config.enabledTools) return config.enabledTools.includes(toolName);
  return !(config.disabledTools ?? []).includes(toolName);
}

function optionalSeconds(raw: Record<string, unknown>, key: "startupTimeoutSec" | "toolTimeoutSec"): Partial<McpCommonConfig> {
  const value = raw[key];
  if (value === undefined) return {};
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number of seconds`);
  return { [key]: value };
}

function optionalNames(raw: Record<string, unknown>, key: "enabledTools" | "disabledTools"): Partial<McpCommonConfig> {
  const value = raw[key];
  if (value === undefined) return {};
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${key} must be a list of tool names`);
  return { [key]: value as string[] };
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) throw new Error(`${what} must map names to strings`);
  return value as Record<string, string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
