import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../../test/support/cli.ts";
import { SCHEMAS } from "../../test/support/schemas.ts";
import { chooseRuntime, parseManifest, PluginManifestError, probePlugin } from "./mod.ts";

const GOOD = join(ROOT, "test/fixtures/plugin-packages/sandbox-good");

describe("parseManifest", () => {
  it("normalises the ursa key of a plugin package", () => {
    const pkg = JSON.parse(readFileSync(join(GOOD, "package.json"), "utf8"));
    expect(parseManifest(pkg)).toEqual({
      apiVersion: 1, kind: "tool", main: "plugin.mjs",
      permissions: { fs: { read: ["${project}"], write: ["${project}"] }, net: [], env: [], run: false },
    });
    expect(parseManifest({ name: "x", bin: { srv: "./server.js" }, ursa: { apiVersion: 1, kind: "mcp", permissions: { net: ["API.Example.com", "*.example.org:8443"], env: ["TOKEN"] } } }))
      .toEqual({ apiVersion: 1, kind: "mcp", main: "server.js", permissions: { fs: { read: [], write: [] }, net: ["api.example.com", "*.example.org:8443"], env: ["TOKEN"], run: false } });
  });

  it.each([
    [{ name: "is-number" }, 'is-number is not an Ursa plugin: its package.json has no "ursa" key'],
    [{ name: "p", ursa: { apiVersion: 2, main: "a.mjs" } }, "p is written for plugin API 2, but this Ursa implements API 1"],
    [{ name: "p", ursa: { apiVersion: 1, main: "../a.mjs" } }, 'p: "ursa.main" must be a path inside the package, not "../a.mjs"'],
    [{ name: "p", ursa: { apiVersion: 1, main: "a.mjs", permissions: { fs: { read: ["src"] } } } }, 'p: "permissions.fs.read" entry "src" must start with ${project}, ${pluginData}, ~/ or /'],
    [{ name: "p", ursa: { apiVersion: 1, main: "a.mjs", permissions: { net: ["http://x.com"] } } }, 'p: "permissions.net" entry "http://x.com" is not a host name (use "api.example.com" or "*.example.com")'],
    [{ name: "p", ursa: { apiVersion: 1, main: "a.mjs", permissions: { run: "yes" } } }, 'p: "permissions.run" must be true or false'],
    [{ name: "p", ursa: { apiVersion: 1, main: "a.mjs", permissions: { hooks: true } } }, 'p: unknown permission "hooks" (known: fs, net, env, run)'],
    [{ name: "p", ursa: { apiVersion: 1, kind: "mcp" } }, 'p: a "kind": "mcp" package needs a "bin" entry (the stdio MCP server)'],
  ])("refuses %j in one line", (pkg, message) => {
    expect(() => parseManifest(pkg)).toThrow(new PluginManifestError(message));
  });
});

describe("chooseRuntime", () => {
  it("prefers Deno when a binary is at hand and says who enforces what", () => {
    const deno = chooseRuntime({ PATH: "" });
    expect(deno.kind).toBe("deno");
    expect(deno.enforcement.map((line) => line.split(":")[0])).toEqual(["fs", "net", "env", "run"]);
    const node = chooseRuntime({ URSA_PLUGIN_RUNTIME: "node" });
    expect(node).toMatchObject({ kind: "node", command: process.execPath });
    expect(node.enforcement[1]).toContain("Node 20 does not scope the network");
  });
});

describe.each(["node", "deno"] as const)("probePlugin on %s", (runtime) => {
  const withRuntime = async <T>(run: () => Promise<T>): Promise<T> => {
    const saved = process.env["URSA_PLUGIN_RUNTIME"];
    process.env["URSA_PLUGIN_RUNTIME"] = runtime;
    try {
      return await run();
    } finally {
      if (saved === undefined) delete process.env["URSA_PLUGIN_RUNTIME"];
      else process.env["URSA_PLUGIN_RUNTIME"] = saved;
    }
  };

  it("activates the plugin with no grants and reports its id, version and tools", async () => {
    const pkg = JSON.parse(readFileSync(join(GOOD, "package.json"), "utf8"));
    const probed = await withRuntime(() => probePlugin({ dir: GOOD, manifest: parseManifest(pkg), signal: AbortSignal.timeout(20_000) }));
    expect(probed.id).toBe("test.sandbox-good");
    expect(probed.version).toBe("1.0.0");
    expect(probed.tools.map((t) => t.name)).toEqual(["SandboxEcho", "SandboxReadFile", "SandboxWriteNote"]);
    expect(probed.tools[0]).toEqual({
      name: "SandboxEcho", description: "Echoes the text back, upper-cased.",
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false },
    });
  });

  it("refuses a tool whose parameters are not a valid JSON Schema", async () => {
    const dir = tempDir("ursa-probe-");
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(join(dir, "plugin.mjs"), `export default { id: "x", version: "1", apiVersion: 1, activate(ctx) { ctx.registerTool({ name: "Bad", description: "", parameters: { type: "object", properties: { n: { type: "numbr" } } }, classify: () => "read_only", execute: async () => ({ output: "", success: true }) }); } };`);
    const manifest = parseManifest(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
    await expect(withRuntime(() => probePlugin({ dir, manifest, signal: AbortSignal.timeout(20_000), schemas: SCHEMAS })))
      .rejects.toThrow(/^the plugin failed to activate: tool Bad: its parameters are not a valid JSON Schema: schema\/properties\/n\/type must be equal to one of the allowed values/);
  });

  it("reports a plugin that fails to activate in one line", async () => {
    const dir = tempDir("ursa-probe-");
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(join(dir, "plugin.mjs"), `import "node:fs"; export default { id: "x", version: "1", apiVersion: 1, async activate(ctx) { await ctx.fs.readText("/etc/hostname", AbortSignal.timeout(1000)); } };`);
    const manifest = parseManifest(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
    await expect(withRuntime(() => probePlugin({ dir, manifest, signal: AbortSignal.timeout(20_000) })))
      .rejects.toThrow("the plugin failed to activate: permission denied: fs while being inspected (no permissions are granted yet)");
  });
});
