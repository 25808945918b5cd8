import type { JsonSchema } from "../../core/domain/json-schema.ts";
import type { ToolEffect } from "../../core/domain/tool-effect.ts";
import { isRecord } from "./server-config.ts";

/** A server's tool as Ursa can offer it: its own name, and a schema every provider accepts. */
export interface McpToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly effect: ToolEffect;
}

export type CheckedTool =
  | { readonly ok: true; readonly tool: McpToolDefinition }
  /** `invalid`: the server sent a broken definition; `unsupported`: a valid tool Ursa cannot call. */
  | { readonly ok: false; readonly name: string; readonly error: string; readonly kind: "invalid" | "unsupported" };

/**
 * Checks one entry of a `tools/list` result. A broken definition is rejected on its own, so
 * the server's other tools stay usable, and never reaches a provider (which would refuse
 * every request that carries it).
 */
export function checkToolDefinition(raw: unknown): CheckedTool {
  if (!isRecord(raw) || typeof raw["name"] !== "string" || raw["name"] === "") {
    return { ok: false, name: "(unnamed)", error: "the tool has no name", kind: "invalid" };
  }
  const name = raw["name"];
  const execution = raw["execution"];
  if (isRecord(execution) && execution["taskSupport"] === "required") {
    return { ok: false, name, error: "it can only run as an MCP task, which Ursa does not support", kind: "unsupported" };
  }
  const schema = raw["inputSchema"];
  if (!isRecord(schema)) return { ok: false, name, error: "inputSchema must be a JSON Schema object", kind: "invalid" };
  if (schema["type"] !== undefined && schema["type"] !== "object") {
    return { ok: false, name, error: `inputSchema must describe an object (its type is ${JSON.stringify(schema["type"])})`, kind: "invalid" };
  }
  const problem = schemaProblem(schema, "inputSchema");
  if (problem) return { ok: false, name, error: problem, kind: "invalid" };
  const description = typeof raw["description"] === "string" ? raw["description"] : typeof raw["title"] === "string" ? raw["title"] : "";
  return {
    ok: true,
    tool: {
      name,
      description,
      // Providers require an object schema with properties, even for parameterless tools.
      inputSchema: { ...schema, type: "object", properties: schema["properties"] ?? {} },
      effect: effectOf(raw["annotations"]),
    },
  };
}

/**
 * koda's mapping: read-only wins over destructive; without either hint a call is a remote
 * action (asks in safe mode). MCP's own default (destructive unless read-only) would make
 * auto mode ask for every unannotated tool.
 */
export function effectOf(annotations: unknown): ToolEffect {
  if (!isRecord(annotations)) return "remote_action";
  if (annotations["readOnlyHint"] === true) return "read_only";
  if (annotations["destructiveHint"] === true) return "destructive";
  return "remote_action";
}

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_VALUES = ["additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];

/** The first structural mistake in a schema (where a schema, list or name is expected), or null. */
function schemaProblem(schema: unknown, at: string, depth = 0): string | null {
  if (typeof schema === "boolean") return null;
  if (!isRecord(schema)) return `${at} must be a schema object`;
  if (depth > 32) return `${at} is nested too deeply`;
  const type = schema["type"];
  if (type !== undefined && typeof type !== "string" && !(Array.isArray(type) && type.every((t) => typeof t === "string"))) {
    return `${at}.type must be a type name or a list of them`;
  }
  const required = schema["required"];
  if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string"))) {
    return `${at}.required must be a list of property names`;
  }
  if (schema["enum"] !== undefined && !Array.isArray(schema["enum"])) return `${at}.enum must be a list`;
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isRecord(map)) return `${at}.${key} must be an object of schemas`;
    for (const [name, sub] of Object.entries(map)) {
      const problem = schemaProblem(sub, `${at}.${key}.${name}`, depth + 1);
      if (problem) return problem;
    }
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `${at}.${key} must be a list of schemas`;
    for (const [i, sub] of list.entries()) {
      const problem = schemaProblem(sub, `${at}.${key}[${i}]`, depth + 1);
      if (problem) return problem;
    }
  }
  for (const key of [...SCHEMA_VALUES, "items"]) {
    const sub = schema[key];
    if (sub === undefined) continue;
    const problem = Array.isArray(sub) && key === "items"
      ? sub.map((s, i) => schemaProblem(s, `${at}.items[${i}]`, depth + 1)).find((p) => p !== null) ?? null
      : schemaProblem(sub, `${at}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return null;
}
