/**
 * A JSON Schema object, as tools and MCP servers describe their parameters. Checking values
 * and schemas is the SchemaValidator port's job (a well-kept library behind an adapter).
 */
export type JsonSchema = { readonly [key: string]: unknown };
