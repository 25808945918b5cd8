import type { Agent } from "../../core/application/agent.ts";
import type { HookPipeline } from "../../core/application/hook-pipeline.ts";
import type { PluginHost } from "../../core/application/plugin-host.ts";
import type { Session } from "../../core/application/session.ts";
import type { ToolRegistry } from "../../core/application/tool-registry.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import { token, type Token } from "../../core/ports/token.ts";
import type { LibsqlStore } from "../libsql-store/mod.ts";
import type { McpServerManager } from "../mcp-client/mod.ts";
import type { PluginSandboxHost } from "../plugin-sandbox/mod.ts";
import type { AppConfig } from "./config.ts";
import type { ConfiguredProviders } from "./providers.ts";
import type { LivePluginTools } from "./live-plugin-tools.ts";

// Tokens only the composition root binds and resolves; ports declare their own beside them.
export const CONFIG: Token<AppConfig> = token("config");
/** The local database: the storage ports are its fields, the sync service shares its connection; closed with the container. */
export const DATABASE: Token<LibsqlStore> = token("database");
export const TOOL_REGISTRY: Token<ToolRegistry> = token("tool-registry");
export const CONFIGURED_PROVIDERS: Token<ConfiguredProviders> = token("configured-providers");
export const HOOKS: Token<HookPipeline> = token("hooks");
export const PLUGIN_HOST: Token<PluginHost> = token("plugin-host");
export const AGENT: Token<Agent> = token("agent");
/** The MCP servers; also bound as the TOOL_SOURCE port. Starts when the agent is built. */
export const MCP_SERVERS: Token<McpServerManager> = token("mcp-servers");
/** Installed plugins' sandboxed children (started lazily); stopped when the container is. */
export const PLUGIN_SANDBOX: Token<PluginSandboxHost> = token("plugin-sandbox");
/** Which tools each plugin offers in the registry, so plugins can come and go while Ursa runs. */
export const LIVE_PLUGIN_TOOLS: Token<LivePluginTools> = token("live-plugin-tools");
/**
 * Activates built-in and developer-mode plugins and offers installed ones, once; resolves to
 * the lines to report at start: each plugin that failed, and the unsandboxed-mode warning.
 */
export const PLUGIN_FAILURES: Token<readonly string[]> = token("plugin-failures");
/** Bound in each session's child container: which stored session it is. */
export const SESSION_INIT: Token<{ id: string; mode: TrustMode; titled: boolean }> = token("session-init");
export const SESSION: Token<Session> = token("session");
