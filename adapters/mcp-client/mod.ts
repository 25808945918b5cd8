export { McpServerManager, type McpServerManagerOptions } from "./mcp-server-manager.ts";
export type { McpServerStatus, BackoffPolicy } from "./server-connection.ts";
export type { McpResource, McpPrompt, McpPromptResult } from "./catalog.ts";
export { resourceText, type McpResourceContent } from "./content.ts";
export { loadServerConfigs, saveServerConfig, deleteServerConfig, type StoredServer } from "./config-store.ts";
export { describeTarget, nameProblem, parseServerConfig, urlProblem, type McpServerConfig, type McpStdioConfig, type McpHttpConfig } from "./server-config.ts";
export { importMcpServers, type ImportedServer } from "./import-format.ts";
