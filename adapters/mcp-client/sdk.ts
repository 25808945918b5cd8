/**
 * The only place that loads `@modelcontextprotocol/sdk`, and only when the first server
 * connects: `--version`, `--help` and a run without MCP servers never pay for it.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ResultSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

export interface McpClientSdk {
  readonly Client: typeof Client;
  readonly StdioClientTransport: typeof StdioClientTransport;
  /** Accepts any result object: tool lists are checked tool by tool (one broken schema must not hide the others). */
  readonly ResultSchema: typeof ResultSchema;
  readonly ToolListChangedNotificationSchema: typeof ToolListChangedNotificationSchema;
}

export interface McpHttpSdk {
  readonly StreamableHTTPClientTransport: typeof StreamableHTTPClientTransport;
  readonly SSEClientTransport: typeof SSEClientTransport;
}

let clientSdk: Promise<McpClientSdk> | undefined;
let httpSdk: Promise<McpHttpSdk> | undefined;

export function loadClientSdk(): Promise<McpClientSdk> {
  clientSdk ??= Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/stdio.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]).then(([client, stdio, types]) => ({
    Client: client.Client,
    StdioClientTransport: stdio.StdioClientTransport,
    ResultSchema: types.ResultSchema,
    ToolListChangedNotificationSchema: types.ToolListChangedNotificationSchema,
  }));
  return clientSdk;
}

export function loadHttpSdk(): Promise<McpHttpSdk> {
  httpSdk ??= Promise.all([
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/client/sse.js"),
  ]).then(([streamable, sse]) => ({
    StreamableHTTPClientTransport: streamable.StreamableHTTPClientTransport,
    SSEClientTransport: sse.SSEClientTransport,
  }));
  return httpSdk;
}
