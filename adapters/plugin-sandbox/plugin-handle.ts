import type { ActiveCall } from "./broker.ts";
import type { SandboxChild } from "./child.ts";
import type { PluginPermissions } from "../../core/domain/plugin-manifest.ts";
import type { ToolSummary } from "./tool-summary.ts";

/** An MCP tool's hints, as tools/list gives them. */
export interface McpToolInfo extends ToolSummary {
  readonly annotations: { readonly readOnlyHint?: boolean; readonly destructiveHint?: boolean; readonly openWorldHint?: boolean };
}

/** What a proxy tool needs of its plugin: the running child (started on demand), its grants, its calls. */
export interface PluginHandle {
  readonly entry: { readonly id: string };
  readonly grants: PluginPermissions;
  /** The tool calls in flight, by call id (the broker ties ctx requests to them). */
  readonly calls: Map<string, ActiveCall>;
  child(): Promise<SandboxChild>;
  /** Kills the child for a reason that is reported when it has died. */
  kill(child: SandboxChild, reason: string): void;
  realPath(path: string, signal: AbortSignal): Promise<string>;
  noteSession(sessionId: string): void;
  /** An MCP server's tools as it listed them when it started. */
  mcpTools(): Promise<ReadonlyMap<string, McpToolInfo>>;
}
