import type { PermissionRules } from "../domain/permission-rules.ts";
import type { ProjectRef } from "../domain/session-info.ts";
import type { HookPipeline } from "./hook-pipeline.ts";
import type { ToolRegistry } from "./tool-registry.ts";

/**
 * What every session of one Ursa process shares and never changes: the tools, the system
 * prompt and the project. Sessions (the main conversation, background sub-agents) each hold
 * their own mutable state and point at one Agent.
 */
export interface Agent {
  readonly name: string;
  readonly systemPrompt: string;
  readonly project: ProjectRef;
  readonly tools: ToolRegistry;
  /** Directories outside the project that mutations may touch without asking. */
  readonly scratchDirs: readonly string[];
  /** The user's home directory, for paths tools write as `~/…`. */
  readonly homeDir: string;
  /** Directories no tool may read or write: Ursa's data directory (the database holds every session). */
  readonly protectedDirs: readonly string[];
  /** Values (API keys, the sync token) redacted from tool output before it is stored or sent. */
  readonly secrets?: readonly string[];
  /** Plugins' decision hooks around tool calls. */
  readonly hooks: HookPipeline;
  /** The permission rules in force (settings files, --allowedTools); read at every tool call. */
  readonly permissions?: () => PermissionRules;
  /** Read on every turn: prompt text that can change while Ursa runs (MCP server instructions). */
  readonly dynamicPrompt?: () => string;
}
