import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { installFixture } from "../support/installed-plugin.ts";
import { gone, running } from "../support/process-liveness.ts";
import { buildMcpFixture } from "../support/sandbox.ts";
import { readDeniedAttempts } from "../../adapters/plugin-sandbox/mod.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => {
  await server.close();
});

const ECHO = { name: "SandboxEcho", description: "Echoes the text back, upper-cased.", parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false } };
const WRITE = { name: "SandboxWriteNote", description: "Writes a note.", parameters: { type: "object", properties: { file_path: { type: "string" }, text: { type: "string" } }, required: ["file_path", "text"] } };
const EXIT = [{ name: "ExitNow", description: "exits", parameters: { type: "object" } }];
const GRANT = { fs: { read: ["${project}"], write: ["${project}"] }, net: [], env: [], run: false };

function env(home: string): Record<string, string> {
  return { URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home };
}

function toolResults(body: unknown): string[] {
  const messages = (body as { messages: { role: string; content: unknown }[] }).messages;
  return messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []).filter((b: { type: string }) => b.type === "tool_result").map((b: { content: unknown }) => JSON.stringify(b.content)));
}

describe.each(["node", "deno"] as const)("an installed, sandboxed plugin in a headless turn on %s", (runtime) => {
  it("is offered from the lockfile and runs in its child when the model calls it", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    installFixture(home, "sandbox-good", { id: "test.sandbox-good", granted: GRANT, tools: [ECHO, WRITE] });
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "SandboxEcho", input: { text: "from the sandbox" } }] },
      { type: "message", blocks: [{ type: "text", text: "Echoed." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "echo something", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.stderr).toContain("✓ SandboxEcho\n│ FROM THE SANDBOX (activations: 1)");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Echoed.\n");
    const offered = (server.requests[before]!.body as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(offered).toEqual(expect.arrayContaining(["Read", "SandboxEcho", "SandboxWriteNote"]));
    expect(toolResults(server.requests[before + 1]!.body)).toEqual(['"FROM THE SANDBOX (activations: 1)"']);
  });

  it("a tool that says read_only but holds a write grant is blocked in plan mode", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    installFixture(home, "sandbox-good", { id: "test.sandbox-good", granted: GRANT, tools: [ECHO, WRITE] });
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "SandboxWriteNote", input: { file_path: "n.txt", text: "x" } }] },
      { type: "message", blocks: [{ type: "text", text: "Blocked." }] },
    );
    const run = await runUrsa(["-p", "write a note", "--mode", "plan"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("⛔ blocked: SandboxWriteNote");
  });

  it("a plugin that exits is reported on stderr and the turn goes on; a tampered one is not loaded", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    installFixture(home, "sandbox-exits", { id: "test.sandbox-exits", granted: GRANT, tools: EXIT });
    const tampered = installFixture(home, "sandbox-good", { id: "test.sandbox-good", granted: GRANT, tools: [ECHO] });
    chmodSync(join(tampered, "plugin.mjs"), 0o644);
    appendFileSync(join(tampered, "plugin.mjs"), "\n// changed after install\n");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "ExitNow", input: {} }] },
      { type: "message", blocks: [{ type: "text", text: "It crashed." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "exit", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("It crashed.\n");
    expect(run.stderr).toContain("ursa: plugin test.sandbox-good is not loaded: plugin.mjs changed on disk since install; run ursa plugin verify\n");
    expect(run.stderr).toContain("⚠ the plugin test.sandbox-exits exited with code 3; it will be restarted on its next use");
    expect(toolResults(server.requests[before + 1]!.body)).toEqual(['"Error: the plugin test.sandbox-exits exited with code 3"']);
    const offered = (server.requests[before]!.body as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(offered).not.toContain("SandboxEcho");
  });

  it("a refused attempt is told to the plugin and counted where ursa plugin list can read it", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    installFixture(home, "sandbox-overreach", { id: "test.sandbox-overreach", granted: { ...GRANT, fs: { read: ["${project}"], write: [] } }, tools: [{ name: "Reach", description: "reach", parameters: { type: "object" } }] });
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Reach", input: { what: "ctx-fs", path: join(home, "keys.json") } }] },
      { type: "message", blocks: [{ type: "text", text: "Refused." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "reach", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(toolResults(server.requests[before + 1]!.body)).toEqual([JSON.stringify(`denied: Error: permission denied: fs.read ${join(home, "keys.json")} (inside Ursa's data directory)`)]);
    expect(await readDeniedAttempts(home)).toEqual({ "test.sandbox-overreach": { count: 1, last: `fs.read ${join(home, "keys.json")}`, at: expect.any(String) } });
  });

  it("a refusal by the child's own runtime, caught by the plugin, is counted too: ursa plugin list shows it", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const secret = join(project, "secret.txt");
    writeFileSync(secret, "s3cret");
    installFixture(home, "sandbox-overreach", { id: "test.sandbox-overreach", granted: { ...GRANT, fs: { read: ["${project}"], write: [] } }, tools: [{ name: "Reach", description: "reach", parameters: { type: "object" } }] });
    server.enqueue(
      // The plugin's own file API, not ctx.fs: refused by the runtime (Deno's flags, Node's permission model).
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Reach", input: { what: "direct-fs", path: secret } }] },
      { type: "message", blocks: [{ type: "text", text: "Refused." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "reach", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    // The child runs on Deno on both legs (Ursa's own node_modules/.bin/deno).
    // In Ursa's words, as the broker's refusals read, not Deno's advice to run again with a flag.
    expect(toolResults(server.requests[before + 1]!.body)[0]).toBe(JSON.stringify(`denied: NotCapable: permission denied: fs.read ${secret} (not granted to this plugin; its grants: ursa plugin list)`));
    expect(await readDeniedAttempts(home)).toEqual({ "test.sandbox-overreach": { count: 1, last: `fs.read ${secret}`, at: expect.any(String) } });
    const list = await runUrsa(["plugin", "list"], { runtime, cwd: project, env: env(home) });
    expect(list.stdout).toContain(`denied attempts: 1 (last: fs.read ${secret} (`);
  });

  it("an installed kind: mcp package (an unmodified MCP server) serves the model within its grants", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, "notes.txt"), "from the project");
    const read = { name: "read_text", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } };
    installFixture(home, "sandbox-mcp", { id: "ursa-test.sandbox-mcp", from: await buildMcpFixture(), granted: { ...GRANT, fs: { read: ["${project}"], write: [] } }, tools: [read] });
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "read_text", input: { path: join(project, "notes.txt") } }, { type: "tool_use", id: "t2", name: "read_text", input: { path: join(home, "plugins.lock.json") } }] },
      { type: "message", blocks: [{ type: "text", text: "Read." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "read", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    const [inside, outside] = toolResults(server.requests[before + 1]!.body);
    expect(inside).toBe('"from the project"');
    expect(outside).toMatch(/^"MCP tool error: (ERR_ACCESS_DENIED|NotCapable)/);
  });

  // SIGTERM: Ursa kills its children before it goes. SIGKILL: nothing in Ursa runs; the child's watchdog does it.
  it.each(["SIGTERM", "SIGKILL"] as const)("a child stuck in a loop dies with Ursa when Ursa gets %s", async (signal) => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    installFixture(home, "sandbox-slow", { id: "test.sandbox-slow", granted: GRANT, tools: [{ name: "Spin", description: "spins", parameters: { type: "object" } }] });
    server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Spin", input: {} }] });
    let pid = 0;
    const run = await runUrsa(["-p", "spin", "--mode", "auto"], {
      runtime, cwd: project, env: env(home), timeoutMs: 40_000,
      onOutput: (child, output) => {
        const found = /│ pid (\d+)/.exec(output.stderr);
        if (found && pid === 0) {
          pid = Number(found[1]);
          child.kill(signal);
        }
      },
    });
    expect(pid).toBeGreaterThan(0);
    expect(run.code).not.toBe(0);
    try {
      expect(await gone(pid)).toBe(true);
    } finally {
      if (running(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("the developer-mode folder is labelled unsandboxed; its plugins run in children, so a hang, an async throw or an exit cannot take Ursa down", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const dev = join(home, "plugins");
    mkdirSync(dev);
    writeFileSync(join(dev, "a-good.mjs"), readFileSync(join(import.meta.dirname, "../fixtures/plugin-packages/sandbox-good/plugin.mjs"), "utf8"));
    const plugin = (id: string, activate: string) => `export default { id: "${id}", version: "1", apiVersion: 1, ${activate} };`;
    writeFileSync(join(dev, "b-hangs.mjs"), plugin("dev.hangs", "activate() { return new Promise(() => {}); }"));
    writeFileSync(join(dev, "c-async-throw.mjs"), plugin("dev.async", 'activate() { setTimeout(() => { throw new Error("late kaboom"); }, 0); return new Promise(() => {}); }'));
    writeFileSync(join(dev, "d-exits.mjs"), plugin("dev.exits", "activate() { process.exit(3); }"));
    writeFileSync(join(dev, "e-syntax.mjs"), "export default {");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "SandboxEcho", input: { text: "dev" } }] },
      { type: "message", blocks: [{ type: "text", text: "Still here." }] },
    );
    const run = await runUrsa(["-p", "hi", "--mode", "auto"], { runtime, cwd: project, env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Still here.\n");
    expect(run.stderr).toContain(`ursa: developer mode: 5 plugins in ${dev} run UNSANDBOXED, with Ursa's full authority, each in a process of its own (a-good.mjs, b-hangs.mjs, c-async-throw.mjs, d-exits.mjs, e-syntax.mjs)\n`);
    expect(run.stderr).toContain("ursa: the plugin b-hangs.mjs did not finish activating within 10 s\n");
    expect(run.stderr).toMatch(/ursa: the plugin c-async-throw\.mjs failed to activate: the plugin c-async-throw\.mjs exited with code 1: .*late kaboom/);
    expect(run.stderr).toContain("ursa: the plugin d-exits.mjs failed to activate: the plugin d-exits.mjs exited with code 3\n");
    expect(run.stderr).toMatch(/ursa: the plugin e-syntax\.mjs failed to activate: .*(Unexpected end of input|SyntaxError)/);
    expect(run.stderr).toContain("✓ SandboxEcho\n│ DEV (activations: 1)");
  });
});
