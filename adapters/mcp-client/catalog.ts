import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { McpPrompt, McpPromptResult, McpResource, McpResourceContent } from "../../core/domain/mcp.ts";
import { contentText, resourceContents } from "./content.ts";

export type { McpPrompt, McpPromptResult, McpResource } from "../../core/domain/mcp.ts";

const MAX_PAGES = 100;

export async function listResources(server: string, client: Client, timeoutMs: number): Promise<McpResource[]> {
  if (!client.getServerCapabilities()?.resources) return [];
  const found: McpResource[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listResources(cursor ? { cursor } : {}, { timeout: timeoutMs });
    for (const r of result.resources) {
      found.push({ server, uri: r.uri, name: r.name, description: r.description ?? null, mimeType: r.mimeType ?? null });
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return found;
}

export async function readResource(client: Client, uri: string, timeoutMs: number): Promise<McpResourceContent[]> {
  return resourceContents(await client.readResource({ uri }, { timeout: timeoutMs }));
}

export async function listPrompts(server: string, client: Client, timeoutMs: number): Promise<McpPrompt[]> {
  if (!client.getServerCapabilities()?.prompts) return [];
  const found: McpPrompt[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listPrompts(cursor ? { cursor } : {}, { timeout: timeoutMs });
    for (const p of result.prompts) {
      found.push({
        server,
        name: p.name,
        description: p.description ?? null,
        arguments: (p.arguments ?? []).map((a) => ({ name: a.name, description: a.description ?? null, required: a.required ?? false })),
      });
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return found;
}

export async function getPrompt(client: Client, name: string, args: Readonly<Record<string, string>>, timeoutMs: number): Promise<McpPromptResult> {
  const result = await client.getPrompt({ name, arguments: { ...args } }, { timeout: timeoutMs });
  return {
    description: result.description ?? null,
    messages: result.messages.map((m) => ({ role: m.role, text: contentText(m.content) })),
  };
}
