import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE } from "../fixtures/mcp-servers.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

// MCP servers get longer than the headless default (1.5 s) to start: these tests are about which servers load, and a loaded CI machine starts a node process slowly.
const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, URSA_MCP_WAIT_MS: "20000" });
const ok = { type: "message" as const, blocks: [{ type: "text" as const, text: "ok" }] };
type Body = { system: { text: string }[]; tools: { name: string }[] };
const lastBody = () => server.requests.at(-1)!.body as Body;

describe("project instructions and MCP configuration where users keep them", () => {
  it("reads every instructions file from the repository root down to the working directory, and the global memory", async () => {
    const home = tempDir("ursa-home-");
    const repo = tempDir("ursa-repo-");
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, ".claude"));
    mkdirSync(join(repo, "pkg", "lib"), { recursive: true });
    writeFileSync(join(repo, "URSA.md"), "root ursa rules");
    writeFileSync(join(repo, "CLAUDE.md"), "root claude rules");
    writeFileSync(join(repo, ".claude", "CLAUDE.md"), "dot claude rules");
    writeFileSync(join(repo, "pkg", "AGENTS.md"), "package agents rules");
    writeFileSync(join(repo, "pkg", "lib", "CLAUDE.md"), "lib claude rules");
    writeFileSync(join(repo, "pkg", "lib", "AGENTS.md"), "lib claude rules");
    writeFileSync(join(home, "memory.md"), "global rules");
    server.enqueue(ok);
    const run = await runUrsa(["-p", "hi"], { cwd: join(repo, "pkg", "lib"), env: env(home) });
    expect(run.code).toBe(0);
    const system = lastBody().system.map((b) => b.text).join("");
    expect(system).toContain(`Project root: ${repo}`);
    const order = ["root ursa rules", "root claude rules", "dot claude rules", "package agents rules", "lib claude rules", "global rules"].map((t) => system.indexOf(t));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // lib/CLAUDE.md repeats lib/AGENTS.md: read once.
    expect(system.split("lib claude rules")).toHaveLength(2);
    expect(system).toContain("## pkg/lib/AGENTS.md");

    // The session belongs to the repository: resuming it from elsewhere says where the run works.
    server.enqueue(ok);
    const first = JSON.parse((await runUrsa(["-p", "hi", "--output-format", "json"], { cwd: join(repo, "pkg"), env: env(home) })).stdout).session_id;
    server.enqueue(ok);
    const elsewhere = tempDir("ursa-other-");
    const resumed = await runUrsa(["--resume", first, "-p", "again"], { cwd: elsewhere, env: env(home) });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Note: this session was started in ${repo}; this run works in ${elsewhere}`);
  });

  it("loads a project's .mcp.json once the user approved it, and --mcp-config for one run", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, ".mcp.json"), JSON.stringify({ mcpServers: { proj: { command: process.execPath, args: [FIXTURE, "tools"] } } }));
    server.enqueue(ok);
    const before = await runUrsa(["-p", "hi"], { cwd: project, env: env(home) });
    expect(before.code).toBe(0);
    expect(before.stderr).toContain(".mcp.json lists MCP servers (proj (");
    expect(before.stderr).toContain("ursa mcp approve");
    expect(lastBody().tools.map((t) => t.name).some((n) => n.startsWith("proj__"))).toBe(false);

    expect((await runUrsa(["mcp", "approve"], { cwd: project, env: env(home) })).stdout).toContain("Ursa will load the MCP servers of");
    server.enqueue(ok);
    const after = await runUrsa(["-p", "hi"], { cwd: project, env: env(home), timeoutMs: 30_000 });
    expect(after.stderr).not.toContain(".mcp.json");
    expect(lastBody().tools.map((t) => t.name)).toContain("proj__good");

    const extra = join(home, "extra.json");
    writeFileSync(extra, JSON.stringify({ mcpServers: { once: { command: process.execPath, args: [FIXTURE, "tools"] } } }));
    server.enqueue(ok, ok);
    await runUrsa(["-p", "hi", "--mcp-config", extra], { cwd: project, env: env(home), timeoutMs: 30_000 });
    expect(lastBody().tools.map((t) => t.name)).toContain("once__good");
    await runUrsa(["-p", "hi"], { cwd: project, env: env(home), timeoutMs: 30_000 });
    expect(lastBody().tools.map((t) => t.name)).not.toContain("once__good");
  });

  it("ursa mcp: imports Gemini CLI and opencode files, add with tool filters, refuses options after the command, get, list --json", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const ursa = (...args: string[]) => runUrsa(["mcp", ...args], { cwd: home, env: env(home), timeoutMs: 30_000 });
    const gemini = join(home, "settings.json");
    writeFileSync(gemini, JSON.stringify({ mcpServers: { "my docs": { httpUrl: "https://docs.example.com/mcp", includeTools: ["search"] }, fx: { command: process.execPath, args: [FIXTURE], excludeTools: ["crash"] } } }));
    expect((await ursa("import", gemini)).stdout).toBe(
      'imported my-docs (renamed from "my docs") (http: https://docs.example.com/mcp)\n' + `imported fx (stdio: ${process.execPath} ${FIXTURE})\n`,
    );
    const opencode = join(home, "opencode.json");
    writeFileSync(opencode, JSON.stringify({ mcp: { oc: { type: "local", command: [process.execPath, FIXTURE], environment: { A: "1" } }, off: { type: "remote", url: "https://x.example", enabled: false } } }));
    expect((await ursa("import", opencode)).stdout).toBe(`imported oc (stdio: ${process.execPath} ${FIXTURE})\nskipped off: disabled in the file\n`);
    expect((await ursa("get", "my-docs")).stdout).toBe("my-docs\n  transport: http\n  url: https://docs.example.com/mcp\n  enabled tools: search\n");
    expect((await ursa("get", "oc")).stdout).toContain("  env: A\n");

    const refused = await ursa("add", "bad", process.execPath, "--env", "A=1");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`"--env" comes after the command`);
    expect(refused.stderr).toContain(`ursa mcp add bad [options] -- ${process.execPath} --env A=1`);
    expect((await ursa("add", "filtered", "--disable-tools", "crash,wait", "--enable-tools", "good", "--", process.execPath, FIXTURE)).code).toBe(0);
    expect((await ursa("get", "filtered")).stdout).toContain("  enabled tools: good\n  disabled tools: crash, wait\n");

    const listed = await ursa("list", "--json");
    expect(listed.code).toBe(0);
    const statuses = JSON.parse(listed.stdout) as { name: string; state: string; tool_count: number }[];
    expect(statuses.find((s) => s.name === "filtered")).toMatchObject({ state: "connected", tool_count: 1 });
    expect(statuses.find((s) => s.name === "fx")!.tool_count).toBeGreaterThan(1);
  });
});
