import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from "ajv";
import type { JsonSchema } from "../../core/domain/json-schema.ts";
import type { SchemaValidator } from "../../core/ports/schema-validator.ts";

type AjvClass = new (options: Record<string, unknown>) => AjvInstance;

const OPTIONS = {
  allErrors: true,
  // Tool schemas carry annotations and vendor keywords ("examples", "x-…"); they are not errors.
  strict: false,
  // No format library is loaded: "format" is a hint to the model, not a check.
  validateFormats: false,
};

/** Loads ajv (draft-07 and 2020-12) on first need, so start-up does not pay for it. */
export async function createAjvSchemaValidator(): Promise<SchemaValidator> {
  const [draft7, draft2020] = await Promise.all([import("ajv"), import("ajv/dist/2020.js")]);
  return new AjvSchemaValidator(draft7.default as unknown as AjvClass, draft2020.default as unknown as AjvClass);
}

/**
 * SchemaValidator on ajv 8. A schema is compiled once (cached by identity); its `$schema`
 * picks the dialect (2020-12 when it says so, else draft-07, which is what most tools write).
 * Ajv's errors become one line each, in the words the model already knows.
 */
export class AjvSchemaValidator implements SchemaValidator {
  readonly #draft7: AjvInstance;
  readonly #draft2020: AjvInstance;
  readonly #compiled = new WeakMap<object, ValidateFunction | string>();

  constructor(Draft7: AjvClass, Draft2020: AjvClass) {
    this.#draft7 = new Draft7(OPTIONS);
    this.#draft2020 = new Draft2020(OPTIONS);
  }

  schemaProblem(schema: unknown): string | null {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "must be a JSON Schema object";
    const compiled = this.#compile(schema as JsonSchema);
    return typeof compiled === "string" ? compiled : null;
  }

  validate(schema: JsonSchema, value: unknown): string[] {
    const compiled = this.#compile(schema);
    if (typeof compiled === "string") return [`the tool's schema is unusable: ${compiled}`];
    if (compiled(value)) return [];
    return [...new Set((compiled.errors ?? []).map((error) => describeError(error, value)))];
  }

  #compile(schema: JsonSchema): ValidateFunction | string {
    const cached = this.#compiled.get(schema);
    if (cached !== undefined) return cached;
    const ajv = String(schema["$schema"] ?? "").includes("2020-12") ? this.#draft2020 : this.#draft7;
    let result: ValidateFunction | string;
    try {
      // Remove any $id, so two tools with the same $id do not collide in ajv's registry.
      const { $id: _id, ...withoutId } = schema as Record<string, unknown>;
      if (!ajv.validateSchema(withoutId)) result = ajv.errorsText(ajv.errors, { dataVar: "schema" });
      else result = ajv.compile(withoutId);
    } catch (error) {
      result = (error as Error).message.split("\n")[0] ?? "invalid schema";
    }
    this.#compiled.set(schema, result);
    return result;
  }
}

function describeError(error: ErrorObject, root: unknown): string {
  const at = where(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${at}.${String(params["missingProperty"])} is required`;
    case "additionalProperties":
      return `${at}.${String(params["additionalProperty"])} is not a known parameter`;
    case "type": {
      const type = String(params["type"]);
      return `${at} must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type.replace(",", " or ")}, got ${describe(valueAt(root, error.instancePath))}`;
    }
    case "enum":
      return `${at} must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(valueAt(root, error.instancePath))}`;
    default:
      return `${at} ${error.message ?? "is invalid"}`;
  }
}

/** "/todos/0/status" → "input.todos[0].status". */
function where(pointer: string): string {
  let at = "input";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    at += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return at;
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split("/").slice(1)) value = (value as Record<string, unknown> | undefined)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
