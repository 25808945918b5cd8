/**
 * MCP server configuration and what servers offer besides tools, in Ursa's terms: shared by
 * the MCP adapter, the composition root and the dashboard.
 */

/** How to reach one MCP server, as stored under `mcp:<name>` in the settings store. */
export type McpServerConfig = McpStdioConfig | McpHttpConfig;

export interface McpCommonConfig {
  /** Seconds to spawn, initialize and list tools before the server counts as failed (default 30). */
  readonly startupTimeoutSec?: number;
  /** Seconds one tool call may take (default 120). */
  readonly toolTimeoutSec?: number;
  /** Only these tools (by the server's own names); wins over `disabledTools`. */
  readonly enabledTools?: readonly string[];
  readonly disabledTools?: readonly string[];
}

export interface McpStdioConfig extends McpCommonConfig {
  readonly transport: "stdio";
  readonly command: string;
  readonly args: readonly string[];
  /** Added to Ursa's environment for the child; `${VAR}` and `${VAR:-default}` expand at start. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface McpHttpConfig extends McpCommonConfig {
  readonly transport: "http";
  readonly url: string;
  /** Sent with every request (authentication); `${VAR}` expands at start, so secrets can stay in the environment. */
  readonly headers?: Readonly<Record<string, string>>;
}


/** A resource a server offers, to attach to a message. */
export interface McpResource {
  readonly server: string;
  readonly uri: string;
  readonly name: string;
  readonly description: string | null;
  readonly mimeType: string | null;
}

/** A prompt template a server offers. */
export interface McpPrompt {
  readonly server: string;
  readonly name: string;
  readonly description: string | null;
  readonly arguments: readonly { readonly name: string; readonly description: string | null; readonly required: boolean }[];
}

/** A prompt filled in by its server: messages as text, ready to put into a conversation. */
export interface McpPromptResult {
  readonly description: string | null;
  readonly messages: readonly { readonly role: "user" | "assistant"; readonly text: string }[];
}

/** One item of a resource as read from a server: text, or the size of a binary blob. */
export interface McpResourceContent {
  readonly uri: string;
  readonly mimeType: string | null;
  readonly text: string | null;
  /** Decoded size of a binary blob; null for text. */
  readonly bytes: number | null;
}
