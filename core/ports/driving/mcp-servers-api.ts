import type { McpPrompt, McpPromptResult, McpResource, McpResourceContent, McpServerConfig } from "../../domain/mcp.ts";
import type { ToolSourceStatus } from "../tool-source.ts";
import { token, type Token } from "../token.ts";

/** An MCP server's state with what `/mcp` shows besides the status bar's figures. */
export interface McpServerInfo extends ToolSourceStatus {
  /** The command line or URL. */
  readonly target: string;
  /** Tools the server offers that Ursa left out, each as "name: reason". */
  readonly skippedTools: readonly string[];
}

/**
 * Managing MCP servers while Ursa runs (`/mcp` in the dashboard): the servers are shared by
 * every session; changes take effect on the next turn of each.
 */
export interface McpServersApi {
  status(): readonly McpServerInfo[];
  onChange(listener: () => void): () => void;
  add(name: string, config: McpServerConfig): Promise<void>;
  remove(name: string): Promise<boolean>;
  reconnect(name: string): Promise<void>;
  listResources(server?: string): Promise<McpResource[]>;
  readResource(server: string, uri: string): Promise<McpResourceContent[]>;
  listPrompts(server?: string): Promise<McpPrompt[]>;
  getPrompt(server: string, name: string, args?: Readonly<Record<string, string>>): Promise<McpPromptResult>;
}

export const MCP_SERVERS_API: Token<McpServersApi> = token("mcp-servers-api");
