import { describe, expect, it } from "vitest";
import { ToolRegistry } from "../../core/application/tool-registry.ts";
import { createAjvSchemaValidator } from "./mod.ts";

const schemas = await createAjvSchemaValidator();

describe("the JSON Schema validator", () => {
  it("checks what the old hand-written subset let through: anyOf, oneOf, $ref, pattern, type lists", () => {
    const schema = {
      type: "object",
      $defs: { id: { type: "string", pattern: "^[A-Z]+-\\d+$" } },
      properties: {
        key: { $ref: "#/$defs/id" },
        mode: { anyOf: [{ const: "fast" }, { const: "slow" }] },
        size: { oneOf: [{ type: "integer", minimum: 0 }, { type: "string", enum: ["auto"] }] },
        note: { type: ["string", "null"] },
      },
      required: ["key"],
      additionalProperties: false,
    };
    expect(schemas.validate(schema, { key: "ABC-1", mode: "fast", size: "auto", note: null })).toEqual([]);
    expect(schemas.validate(schema, { key: "abc", mode: "medium", size: -1, note: 3, extra: true })).toEqual([
      "input.extra is not a known parameter",
      'input.key must match pattern "^[A-Z]+-\\d+$"',
      "input.mode must be equal to constant",
      "input.mode must match a schema in anyOf",
      "input.size must be >= 0",
      "input.size must be a string, got number -1",
      'input.size must be one of "auto", got -1',
      "input.size must match exactly one schema in oneOf",
      "input.note must be a string or null, got number 3",
    ]);
    expect(schemas.validate(schema, {})).toEqual(["input.key is required"]);
  });

  it("reads 2020-12 schemas as 2020-12", () => {
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }] } } };
    expect(schemas.validate(schema, { pair: ["a", 1] })).toEqual([]);
    expect(schemas.validate(schema, { pair: [1, 1] })).toEqual(["input.pair[0] must be a string, got number 1"]);
  });

  it("says in one line why a schema is unusable", () => {
    expect(schemas.schemaProblem({ type: "object", properties: { x: { type: "strin" } } })).toMatch(/^schema\/properties\/x\/type must be equal to one of the allowed values/);
    expect(schemas.schemaProblem({ type: "object", properties: { x: { $ref: "#/nowhere" } } })).toBe("can't resolve reference #/nowhere from id #");
    expect(schemas.schemaProblem("nope")).toBe("must be a JSON Schema object");
  });
});

describe("the tool registry", () => {
  it("refuses an invalid tool definition at registration, so it never reaches a provider", () => {
    const registry = new ToolRegistry(schemas);
    const bad = { name: "Bad Tool!", description: 5, parameters: "nope", classify: () => "read_only", execute: async () => ({ output: "", success: true }) };
    expect(() => registry.register(bad as never)).toThrow('invalid tool name "Bad Tool!": use 1 to 64 letters, digits, _ or -');
    expect(() => registry.register({ ...bad, name: "Bad" } as never)).toThrow("tool Bad: its description must be a string");
    expect(() => registry.register({ ...bad, name: "Bad", description: "" } as never)).toThrow("tool Bad: its parameters must be a JSON Schema object");
    expect(() => registry.register({ ...bad, name: "Bad", description: "", parameters: { type: "object", properties: { a: { minLength: "x" } } } } as never))
      .toThrow("tool Bad: its parameters are not a valid JSON Schema: schema/properties/a/minLength must be integer");
    expect(registry.schemas()).toEqual([]);
  });
});
