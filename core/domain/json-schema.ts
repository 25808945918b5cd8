/** A JSON Schema object, as tools and MCP servers describe their parameters. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * Checks a value against the subset of JSON Schema tools use (type, properties, required,
 * additionalProperties: false, enum, items, minItems, minimum/maximum, minLength).
 * Returns readable problems, one per line, empty when valid. Core may import no library,
 * and tool inputs never need more than this.
 */
export function validateJson(schema: JsonSchema, value: unknown, at = "input"): string[] {
  const problems: string[] = [];
  const type = schema["type"];
  if (typeof type === "string" && !matchesType(type, value)) {
    problems.push(`${at} must be ${article(type)} ${type}, got ${describe(value)}`);
    return problems;
  }
  const allowed = schema["enum"];
  if (Array.isArray(allowed) && !allowed.some((option) => option === value)) {
    problems.push(`${at} must be one of ${allowed.map((o) => JSON.stringify(o)).join(", ")}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === "string" && typeof schema["minLength"] === "number" && value.length < schema["minLength"]) {
    problems.push(`${at} must have at least ${schema["minLength"]} characters`);
  }
  if (typeof value === "number") {
    if (typeof schema["minimum"] === "number" && value < schema["minimum"]) problems.push(`${at} must be ≥ ${schema["minimum"]}`);
    if (typeof schema["maximum"] === "number" && value > schema["maximum"]) problems.push(`${at} must be ≤ ${schema["maximum"]}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema["minItems"] === "number" && value.length < schema["minItems"]) {
      problems.push(`${at} must have at least ${schema["minItems"]} items`);
    }
    const items = schema["items"];
    if (isSchema(items)) value.forEach((item, i) => problems.push(...validateJson(items, item, `${at}[${i}]`)));
  }
  if (isPlainObject(value)) {
    const properties = isSchema(schema["properties"]) ? (schema["properties"] as Record<string, unknown>) : {};
    const required = Array.isArray(schema["required"]) ? (schema["required"] as unknown[]) : [];
    for (const name of required) {
      if (typeof name === "string" && value[name] === undefined) problems.push(`${at}.${name} is required`);
    }
    for (const [name, propertyValue] of Object.entries(value)) {
      const propertySchema = properties[name];
      if (isSchema(propertySchema)) problems.push(...validateJson(propertySchema, propertyValue, `${at}.${name}`));
      else if (schema["additionalProperties"] === false) problems.push(`${at}.${name} is not a known parameter`);
    }
  }
  return problems;
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case "object": return isPlainObject(value);
    case "array": return Array.isArray(value);
    case "string": return typeof value === "string";
    case "integer": return Number.isInteger(value);
    case "number": return typeof value === "number" && Number.isFinite(value);
    case "boolean": return typeof value === "boolean";
    case "null": return value === null;
    default: return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is JsonSchema {
  return isPlainObject(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? "an" : "a";
}
