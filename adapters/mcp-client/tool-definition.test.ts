import { describe, expect, it } from "vitest";
import { outputCapsFor } from "../../core/domain/output-caps.ts";
import { contentText, resourceText, toolResultFrom } from "./content.ts";
import { mcpTool, qualifiedToolName } from "./mcp-tool.ts";
import { checkToolDefinition, effectOf } from "./tool-definition.ts";

describe("annotations map to effects", () => {
  it.each([
    [{ readOnlyHint: true }, "read_only"],
    [{ readOnlyHint: true, destructiveHint: true }, "read_only"],
    [{ destructiveHint: true }, "destructive"],
    [{ readOnlyHint: false, destructiveHint: false }, "remote_action"],
    [{ openWorldHint: true }, "remote_action"],
    [undefined, "remote_action"],
  ])("%j → %s", (annotations, effect) => {
    expect(effectOf(annotations)).toBe(effect);
  });
});

describe("checkToolDefinition", () => {
  it("gives a schema without properties an empty properties object", () => {
    const checked = checkToolDefinition({ name: "ping", inputSchema: { type: "object" } });
    expect(checked).toEqual({ ok: true, tool: { name: "ping", description: "", inputSchema: { type: "object", properties: {} }, effect: "remote_action" } });
  });

  it("keeps a nested schema as it is", () => {
    const inputSchema = { type: "object", properties: { tags: { type: "array", items: { type: "string" } }, mode: { anyOf: [{ const: "a" }, { const: "b" }] } }, required: ["tags"], $schema: "http://json-schema.org/draft-07/schema#" };
    const checked = checkToolDefinition({ name: "t", description: "d", inputSchema, annotations: { readOnlyHint: true } });
    expect(checked).toEqual({ ok: true, tool: { name: "t", description: "d", inputSchema, effect: "read_only" } });
  });

  it.each([
    [{ name: "x" }, "inputSchema must be a JSON Schema object"],
    [{ name: "x", inputSchema: { type: "string" } }, 'inputSchema must describe an object (its type is "string")'],
    [{ name: "x", inputSchema: { type: "object", properties: { a: "text" } } }, "inputSchema.properties.a must be a schema object"],
    [{ name: "x", inputSchema: { type: "object", properties: [] } }, "inputSchema.properties must be an object of schemas"],
    [{ name: "x", inputSchema: { type: "object", required: "a" } }, "inputSchema.required must be a list of property names"],
    [{ name: "x", inputSchema: { type: "object", properties: { a: { type: "array", items: 3 } } } }, "inputSchema.properties.a.items must be a schema object"],
    [{ name: "x", inputSchema: { type: "object", properties: { a: { anyOf: {} } } } }, "inputSchema.properties.a.anyOf must be a list of schemas"],
    [{ name: "x", inputSchema: { type: "object", properties: { a: { type: 5 } } } }, "inputSchema.properties.a.type must be a type name or a list of them"],
  ])("rejects %j as invalid", (raw, error) => {
    expect(checkToolDefinition(raw)).toEqual({ ok: false, name: "x", error, kind: "invalid" });
  });

  it("leaves out tools that only run as tasks, as unsupported", () => {
    expect(checkToolDefinition({ name: "research", inputSchema: { type: "object" }, execution: { taskSupport: "required" } })).toMatchObject({ ok: false, kind: "unsupported" });
    expect(checkToolDefinition({ name: "maybe", inputSchema: { type: "object" }, execution: { taskSupport: "optional" } })).toMatchObject({ ok: true });
  });
});

describe("qualified names", () => {
  it("joins server and tool with __ and replaces characters providers refuse", () => {
    expect(qualifiedToolName("github", "create_issue")).toBe("github__create_issue");
    expect(qualifiedToolName("docs", "search.v2/all")).toBe("docs__search_v2_all");
  });

  it("shortens long names to 64 characters with a stable hash", () => {
    const name = qualifiedToolName("server", "t".repeat(80));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^server__t+_[0-9a-f]{6}$/);
    expect(qualifiedToolName("server", "t".repeat(80))).toBe(name);
    expect(qualifiedToolName("server", `${"t".repeat(79)}u`)).not.toBe(name);
  });

  it("builds a tool whose description names the server and whose calls use the server's own name", async () => {
    const calls: unknown[] = [];
    const tool = mcpTool("docs", { name: "search.v2", description: "Searches.", inputSchema: { type: "object", properties: {} }, effect: "destructive" }, async (name, input) => {
      calls.push([name, input]);
      return { output: "ok", success: true };
    });
    expect(tool.name).toBe("docs__search_v2");
    expect(tool.description).toBe("[MCP:docs] Searches.");
    expect(tool.classify({})).toBe("destructive");
    const ctx = { signal: new AbortController().signal, caps: outputCapsFor(200_000) } as never;
    expect(await tool.execute({ q: 1 }, ctx)).toEqual({ output: "ok", success: true });
    expect(calls).toEqual([["search.v2", { q: 1 }]]);
  });
});

describe("tool results", () => {
  it("joins text, summarises binary content and marks resources", () => {
    const result = toolResultFrom({
      content: [
        { type: "text", text: "one" },
        { type: "image", data: "AAAA", mimeType: "image/png" },
        { type: "audio", data: "AAAAAA==", mimeType: "audio/wav" },
        { type: "resource_link", uri: "file:///a.txt", name: "a" },
        { type: "resource", resource: { uri: "mem://b", blob: "AAAA" } },
        { type: "text", text: "two" },
      ],
    });
    expect(result).toEqual({ output: "one\n[image: image/png, 3 bytes]\n[audio: audio/wav, 4 bytes]\n[resource: file:///a.txt]\n[resource: mem://b]\ntwo", success: true });
  });

  it("says (no output) for nothing, and uses structured content when there is no text", () => {
    expect(toolResultFrom({ content: [] })).toEqual({ output: "(no output)", success: true });
    expect(toolResultFrom({ content: [], structuredContent: { t: 1 } })).toEqual({ output: '{\n  "t": 1\n}', success: true });
  });

  it("reports isError as a failed call", () => {
    expect(toolResultFrom({ content: [{ type: "text", text: "no such repo" }], isError: true })).toEqual({ output: "MCP tool error: no such repo", success: false });
    expect(toolResultFrom({ isError: true })).toEqual({ output: "MCP tool error: (no details)", success: false });
  });

  it("shows embedded text resources after their marker", () => {
    expect(contentText({ type: "resource", resource: { uri: "mem://n", text: "note" } })).toBe("[resource: mem://n]\nnote");
    expect(resourceText([{ uri: "a", mimeType: "text/plain", text: "hello", bytes: null }, { uri: "b", mimeType: "image/png", text: null, bytes: 9 }])).toBe("hello\n[resource: b, image/png, 9 bytes]");
  });
});
