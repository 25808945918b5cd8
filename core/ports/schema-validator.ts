import type { JsonSchema } from "../domain/json-schema.ts";
import { token, type Token } from "./token.ts";

/**
 * JSON Schema, the whole of it (anyOf, oneOf, $ref, pattern, type lists…), for tool inputs
 * and tool definitions: built-in, MCP and plugin tools alike.
 */
export interface SchemaValidator {
  /** Why `schema` cannot be used to check inputs (one line), or null when it can. */
  schemaProblem(schema: unknown): string | null;
  /** The problems of `value` against a usable schema, one readable line each, naming where (`input.path`); empty when valid. */
  validate(schema: JsonSchema, value: unknown): string[];
}

export const SCHEMA_VALIDATOR: Token<SchemaValidator> = token("schema-validator");
