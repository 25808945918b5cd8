import type { SchemaValidator } from "../../core/ports/schema-validator.ts";

/** A tool as the lockfile caches it, so Ursa can offer it to the model before the child starts. */
export interface ToolSummary {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Throws one line naming the first malformed tool definition (with `schemas`, its parameters are checked as JSON Schema too). */
export function checkToolSummaries(tools: readonly ToolSummary[], schemas?: SchemaValidator): void {
  for (const tool of tools) {
    const problem = toolSummaryProblem(tool);
    if (problem) throw new Error(problem);
    const schemaProblem = schemas?.schemaProblem(tool.parameters);
    if (schemaProblem) throw new Error(`tool ${tool.name}: its parameters are not a valid JSON Schema: ${schemaProblem}`);
  }
}

export function toolSummaryProblem(tool: { name?: unknown; description?: unknown; parameters?: unknown }): string | null {
  if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) return `a tool name must be letters, digits, _ or - (at most 64), not ${JSON.stringify(tool.name)}`;
  if (typeof tool.description !== "string") return `tool ${tool.name}: its description must be a string`;
  const p = tool.parameters;
  if (typeof p !== "object" || p === null || Array.isArray(p) || (p as Record<string, unknown>)["type"] !== "object") return `tool ${tool.name}: its parameters must be a JSON Schema of type "object"`;
  return null;
}
