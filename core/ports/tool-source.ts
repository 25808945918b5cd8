import type { Tool } from "./tool.ts";
import { token, type Token } from "./token.ts";

/** One external server's state, for the status bar and `/mcp`. */
export interface ToolSourceStatus {
  readonly name: string;
  readonly state: "connecting" | "connected" | "failed" | "disconnected";
  readonly toolCount: number;
  readonly lastError: string | null;
  readonly transport: string;
}

/**
 * Tools that come from outside the plugin system and can change while Ursa runs (MCP servers
 * connecting, reconnecting, being added or removed). The composition root keeps the tool
 * registry in step with `tools()` whenever `onChange` fires.
 */
export interface ToolSource {
  tools(): readonly Tool[];
  /** Text to add to the system prompt on every turn (server instructions), already inside provenance markers. */
  instructions(): string;
  status(): readonly ToolSourceStatus[];
  /** Called after tools, instructions or status changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /**
   * For a call to a tool nobody offers yet: resolves once whatever may still bring it (a server
   * still starting) has connected or failed, or at once when nothing is on its way.
   */
  waitForTool?(name: string, signal: AbortSignal): Promise<void>;
}

export const TOOL_SOURCE: Token<ToolSource> = token("tool-source");
