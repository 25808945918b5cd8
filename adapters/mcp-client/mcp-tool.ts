import type { Tool, ToolContext, ToolResult } from "../../core/ports/tool.ts";
import type { McpToolDefinition } from "./tool-definition.ts";

/** Separates server and tool in a qualified name; server names cannot contain it, so the first one splits. */
const SEPARATOR = "__";
// Providers accept tool names of at most 64 characters from this alphabet.
const MAX_NAME = 64;
const INVALID = /[^A-Za-z0-9_-]/g;

/** `server__tool`, made acceptable to every provider: other characters become "_", long names end in a hash. */
export function qualifiedToolName(server: string, tool: string): string {
  const name = `${server}${SEPARATOR}${tool.replace(INVALID, "_")}`;
  if (name.length <= MAX_NAME) return name;
  const hash = fnv1a(`${server}${SEPARATOR}${tool}`);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}

/**
 * A server's tool as an Ursa tool. The effect comes from the server's annotations and does not
 * depend on the input; the tool names no paths, so the engine compares the project's files
 * around every call that is not read-only.
 */
export function mcpTool(
  server: string,
  definition: McpToolDefinition,
  call: (toolName: string, input: Record<string, unknown>, ctx: ToolContext) => Promise<ToolResult>,
): Tool {
  return {
    name: qualifiedToolName(server, definition.name),
    description: `[MCP:${server}] ${definition.description}`.trimEnd(),
    parameters: definition.inputSchema,
    classify: () => definition.effect,
    execute: (input, ctx) => call(definition.name, input, ctx),
  };
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0").slice(0, 6);
}
