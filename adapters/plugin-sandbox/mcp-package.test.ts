import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/cli.ts";
import { buildMcpFixture, loopbackName, sandboxFixture } from "../../test/support/sandbox.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { parseManifest, probePlugin } from "./mod.ts";
import type { SandboxedPlugin } from "./sandboxed-plugin.ts";

let dir = "";
beforeAll(async () => {
  dir = await buildMcpFixture();
}, 60_000);

const LOOPBACK_NAME = await loopbackName();

const MANIFEST = { name: "@ursa-test/sandbox-mcp", bin: { "sandbox-mcp": "server.mjs" }, ursa: { apiVersion: 1, kind: "mcp" } };

// An unmodified stdio MCP server (built on the official SDK) under the same sandbox as plugins.
describe.each(["node", "deno"] as const)("a kind: mcp package on %s", (runtime) => {
  const started: SandboxedPlugin[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  it("is probed with no grants for its tools", async () => {
    process.env["URSA_PLUGIN_RUNTIME"] = runtime;
    try {
      const probed = await probePlugin({ dir, manifest: parseManifest(MANIFEST), signal: AbortSignal.timeout(20_000) });
      expect(probed.id).toBe("ursa-test.sandbox-mcp");
      expect(probed.tools.map((t) => t.name)).toEqual(["read_text", "write_text", "fetch_url", "env_names"]);
    } finally {
      delete process.env["URSA_PLUGIN_RUNTIME"];
    }
  });

  it("its own file, network and environment access is held to the grants by the runtime", async () => {
    const tools = ["read_text", "write_text", "fetch_url", "env_names"].map((name) => ({ name, description: name, parameters: { type: "object" } }));
    const f = sandboxFixture("sandbox-mcp", { runtime, dir, tools, granted: { fs: { read: ["${project}"], write: [] }, env: ["GRANTED_VAR"] }, env: { GRANTED_VAR: "1", SECRET_VAR: "2" } });
    started.push(f.plugin);
    const { ctx } = makeToolContext(f.project);
    const outside = tempDir("ursa-outside-");
    writeFileSync(join(outside, "secret.txt"), "secret");
    writeFileSync(join(f.project, "inside.txt"), "project file");
    expect(await f.tool("read_text").classify({})).toBe("read_only");
    expect(await f.tool("write_text").classify({})).toBe("destructive");
    expect(await f.tool("read_text").execute({ path: join(f.project, "inside.txt") }, ctx)).toEqual({ output: "project file", success: true });
    expect((await f.tool("read_text").execute({ path: join(outside, "secret.txt") }, ctx)).output).toMatch(/^MCP tool error: (ERR_ACCESS_DENIED|NotCapable)/);
    expect((await f.tool("read_text").execute({ path: join(f.dataDir, "x") }, ctx)).output).toMatch(/^MCP tool error: (ERR_ACCESS_DENIED|NotCapable)/);
    expect((await f.tool("write_text").execute({ path: join(f.project, "w.txt"), text: "x" }, ctx)).output).toMatch(/^MCP tool error: (ERR_ACCESS_DENIED|NotCapable)/);
    // A live server it was not granted: only the sandbox stands between them.
    const server = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const fetched = await f.tool("fetch_url").execute({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }, ctx);
      expect(fetched.success).toBe(false);
      expect(fetched.output).not.toContain("reached");
    } finally {
      server.close();
    }
    const names = (await f.tool("env_names").execute({}, ctx)).output;
    expect(names).not.toContain("SECRET_VAR");
    expect(names).not.toContain("HOME");
  });

  it.skipIf(!LOOPBACK_NAME)("its own fetch to a granted name that resolves to this machine is refused; the address granted itself is reached", async () => {
    const { name, address } = LOOPBACK_NAME!;
    const server = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as AddressInfo).port;
    const fetchTool = (net: string[]) => {
      const f = sandboxFixture("sandbox-mcp", { runtime, dir, tools: [{ name: "fetch_url", description: "fetch_url", parameters: { type: "object" } }], granted: { net } });
      started.push(f.plugin);
      return { f, ctx: makeToolContext(f.project).ctx };
    };
    try {
      const byName = fetchTool([name]);
      const refused = await byName.f.tool("fetch_url").execute({ url: `http://${name}:${port}/` }, byName.ctx);
      expect(refused.success).toBe(false);
      expect(refused.output).not.toContain("reached");
      const byAddress = fetchTool([address]);
      expect(await byAddress.f.tool("fetch_url").execute({ url: `http://${address}:${port}/` }, byAddress.ctx)).toEqual({ output: "reached", success: true });
    } finally {
      server.close();
    }
  });
});
