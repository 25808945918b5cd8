import type { ToolSummary } from "./sandbox-port.ts";

/** A tool name already taken, by whom, for the message "… clashes with the built-in tool Read". */
export interface TakenName {
  readonly name: string;
  readonly owner: string;
}

/**
 * Names the clashes of new plugins' tools with tools Ursa already has: the built-ins, other
 * installed plugins, and each other. Names compare without case, since a model told about
 * "read" and "Read" would confuse them. MCP tools are always called `<server>__<tool>`, so a
 * plugin tool may not contain "__": it can then never clash with an MCP server, even one
 * configured later.
 */
export function findToolClashes(candidates: readonly { id: string; tools: readonly ToolSummary[] }[], taken: readonly TakenName[]): string[] {
  const problems: string[] = [];
  const owners = new Map(taken.map((t) => [t.name.toLowerCase(), t.owner]));
  for (const candidate of candidates) {
    for (const tool of candidate.tools) {
      if (tool.name.includes("__")) {
        problems.push(`${candidate.id}: its tool ${tool.name} contains "__", which Ursa keeps for MCP tools (<server>__<tool>)`);
        continue;
      }
      const owner = owners.get(tool.name.toLowerCase());
      if (owner !== undefined) problems.push(`${candidate.id}: its tool ${tool.name} clashes with ${owner}`);
      else owners.set(tool.name.toLowerCase(), `the tool ${tool.name} of ${candidate.id}, also being installed`);
    }
  }
  return problems;
}
