import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { loadClientSdk } from "./sdk.ts";
import { toolEnabled, type McpServerConfig } from "./server-config.ts";
import { checkToolDefinition, type McpToolDefinition } from "./tool-definition.ts";

export interface ListedTools {
  /** Usable and enabled by the configuration. */
  readonly tools: McpToolDefinition[];
  /** Definitions Ursa cannot offer, each as "name: reason". */
  readonly skipped: string[];
  /** The subset of `skipped` that the server got wrong (as opposed to features Ursa lacks). */
  readonly invalid: string[];
}

// A server that keeps handing out cursors is broken; stop rather than loop.
const MAX_PAGES = 100;

/** All pages of `tools/list`, each entry checked on its own. */
export async function listTools(client: Client, config: McpServerConfig, signal: AbortSignal): Promise<ListedTools> {
  if (!client.getServerCapabilities()?.tools) return { tools: [], skipped: [], invalid: [] };
  const sdk = await loadClientSdk();
  const tools: McpToolDefinition[] = [];
  const skipped: string[] = [];
  const invalid: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // The SDK's own listTools rejects the whole list for one malformed entry; ask with a loose result schema instead.
    const result = await client.request({ method: "tools/list", params: cursor ? { cursor } : {} }, sdk.ResultSchema, { signal, timeout: 2 ** 31 - 1 });
    if (!Array.isArray(result["tools"])) throw new Error("the server's tools/list result has no list of tools");
    for (const raw of result["tools"]) {
      const checked = checkToolDefinition(raw);
      if (!checked.ok) {
        skipped.push(`${checked.name}: ${checked.error}`);
        if (checked.kind === "invalid") invalid.push(skipped.at(-1)!);
      }
      else if (toolEnabled(config, checked.tool.name)) tools.push(checked.tool);
    }
    cursor = typeof result["nextCursor"] === "string" ? result["nextCursor"] : undefined;
    if (!cursor) break;
  }
  return { tools, skipped, invalid };
}
