export { McpServerManager, type McpServerManagerOptions } from "./mcp-server-manager.ts";
export type { McpServerStatus, BackoffPolicy } from "./server-connection.ts";
export type { McpResource, McpPrompt, McpPromptResult } from "./catalog.ts";
export { resourceText, type McpResourceContent } from "./content.ts";
export { loadServerConfigs, saveServerConfig, deleteServerConfig } from "./config-store.ts";
export { describeTarget, nameProblem, urlProblem, type McpServerConfig } from "./server-config.ts";
export { importMcpServers } from "./import-format.ts";
