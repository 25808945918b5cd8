/** A JSON Schema object, as tools and MCP servers describe their parameters. */
export type JsonSchema = { readonly [key: string]: unknown };
