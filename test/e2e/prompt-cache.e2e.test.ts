import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE } from "../fixtures/mcp-servers.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireResponse, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url });

describe("prompt caching", () => {
  it("every step of a tool loop reads the whole previous request from the cache", async () => {
    const steps: AnthropicWireResponse[] = Array.from({ length: 5 }, (_, i) => ({ type: "message", blocks: [{ type: "tool_use", id: `t${i}`, name: "List", input: { path: "." } }] }));
    server.enqueue(...steps, { type: "message", blocks: [{ type: "text", text: "Listed." }] });
    const first = server.cache.reuse.length;
    const run = await runUrsa(["-p", "list it five times"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(0);
    const reuse = server.cache.reuse.slice(first);
    expect(reuse).toHaveLength(6);
    // Tools, system, the latest message and the one before it: the API's maximum of four.
    expect(reuse[0]!.breakpoints).toBe(3);
    for (let i = 1; i < reuse.length; i++) {
      expect(reuse[i]!.breakpoints).toBe(4);
      expect(reuse[i]!.cachedChars).toBe(reuse[i - 1]!.totalChars);
    }
  });

  it("offers MCP tools in one order whatever order their servers connect in", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    for (const name of ["zeta", "alpha", "mid"]) {
      const added = await runUrsa(["mcp", "add", name, "--", process.execPath, FIXTURE, "tools"], { cwd: project, env: env(home) });
      expect(added.code).toBe(0);
    }
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
      // Every server is waited for: on a loaded machine one may take longer than the default 1.5 s.
      const run = await runUrsa(["-p", "hi"], { cwd: project, env: { ...env(home), URSA_MCP_WAIT_MS: "30000" }, timeoutMs: 45_000 });
      expect(run.code).toBe(0);
      orders.push(JSON.stringify((server.requests.at(-1)!.body as { tools: unknown[] }).tools));
    }
    expect(new Set(orders).size).toBe(1);
    const names = (JSON.parse(orders[0]!) as { name: string }[]).map((t) => t.name);
    const mcp = names.filter((n) => n.includes("__"));
    expect(names.slice(0, names.length - mcp.length).every((n) => !n.includes("__"))).toBe(true);
    expect(mcp.map((n) => n.split("__")[0])).toEqual([...mcp.map((n) => n.split("__")[0]!)].sort());
    expect(mcp.filter((n) => n.startsWith("alpha__"))).toEqual(mcp.filter((n) => n.startsWith("alpha__")).sort());
    expect(new Set(mcp.map((n) => n.split("__")[0]))).toEqual(new Set(["alpha", "mid", "zeta"]));
  });
});
