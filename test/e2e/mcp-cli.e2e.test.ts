import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { EVERYTHING, FIXTURE, isAlive, until } from "../fixtures/mcp-servers.ts";
import { BUNDLE, DENO, DENO_FLAGS, ROOT, runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home });
/** These runs look at the first request's tools: they wait for the servers (a loaded machine starts them slowly). */
const waitForServers = (home: string) => ({ ...env(home), URSA_MCP_WAIT_MS: "60000" });

interface WireBody {
  system?: unknown;
  tools?: { name: string; description: string; input_schema: unknown }[];
  messages: { role: string; content: unknown }[];
}

describe.each(["node", "deno"] as const)("MCP on %s", (runtime) => {
  it("ursa mcp add, then a headless turn calls the server's tool and stores its result", { timeout: 90_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const added = await runUrsa(["mcp", "add", "everything", "--", process.execPath, EVERYTHING], { runtime, cwd: project, env: env(home), timeoutMs: 60_000 });
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(`Added MCP server everything (stdio: ${process.execPath} ${EVERYTHING}).\nCheck it with: ursa mcp list\n`);

    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "toolu_mcp", name: "everything__get-sum", input: { a: 2, b: 40 } }] },
      { type: "message", blocks: [{ type: "text", text: "It is 42." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "add 2 and 40 with the MCP tool", "--output-format", "json"], { runtime, cwd: project, env: waitForServers(home), timeoutMs: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ subtype: "success", result: "It is 42." });

    const first = server.requests[before]!.body as WireBody;
    const sum = first.tools!.find((t) => t.name === "everything__get-sum")!;
    expect(sum.description).toMatch(/^\[MCP:everything\] /);
    expect(sum.input_schema).toMatchObject({ type: "object", required: ["a", "b"] });
    expect(JSON.stringify(first.system)).toContain("---[start of server instructions from everything]---");
    const second = server.requests[before + 1]!.body as WireBody;
    expect(JSON.stringify(second.messages.at(-1))).toContain("The sum of 2 and 40 is 42.");

    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      const messages = await store.messages.loadAllMessages(result.session_id);
      expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
      expect(messages[2]!.content).toBe("The sum of 2 and 40 is 42.");
      expect(messages[2]!.toolCallId).toBe("toolu_mcp");
    } finally {
      await store.close();
    }
  });

  it("a SIGTERM while a server is starting kills the server too", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const pidFile = join(home, "server.pid");
    expect((await runUrsa(["mcp", "add", "slow", "--env", `FIXTURE_PID_FILE=${pidFile}`, "--", process.execPath, FIXTURE, "hang"], { runtime, cwd: home, env: env(home), timeoutMs: 60_000 })).code).toBe(0);
    const [command, args] = runtime === "deno"
      ? [DENO, ["run", ...DENO_FLAGS, "--config", join(ROOT, "deno.json"), join(ROOT, "adapters/main/main.ts"), "mcp", "list"]]
      : [process.execPath, [BUNDLE, "mcp", "list"]];
    const ursa = spawn(command, args, { cwd: home, env: { PATH: process.env["PATH"] ?? "", ...env(home) }, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => ursa.once("exit", (code) => resolve(code)));
    const pid = Number(await until(() => existsSync(pidFile) && readFileSync(pidFile, "utf8"), "the server's pid file", 30_000));
    expect(isAlive(pid)).toBe(true);
    ursa.kill("SIGTERM");
    expect(await exited).toBe(143);
    await until(() => !isAlive(pid), "the server to die", 5_000);
  });
});

describe("ursa mcp", () => {
  it("lists servers with status and tool count, removes them, and rejects bad usage with exit code 2", async () => {
    const home = tempDir("ursa-home-");
    const ursa = (...args: string[]) => runUrsa(["mcp", ...args], { cwd: home, env: env(home) });
    expect((await ursa("list")).stdout).toBe("No MCP servers configured. Add one with: ursa mcp add <name> -- <command> [args…]\n");
    expect((await ursa("add", "fx", "--startup-timeout", "20", process.execPath, FIXTURE)).code).toBe(0);
    expect((await ursa("add", "broken", "--", "ursa-no-such-command", "--flag")).code).toBe(0);
    expect((await ursa("add-http", "remote", "http://127.0.0.1:9/mcp", "--header", "Authorization: Bearer ${URSA_TEST_NO_TOKEN}")).code).toBe(0);
    const list = await ursa("list");
    expect(list.code).toBe(0);
    expect(list.stdout).toBe([
      "broken  stdio  failed     0 tools   ursa-no-such-command --flag",
      "    error: command not found: ursa-no-such-command",
      `fx      stdio  connected  10 tools  ${process.execPath} ${FIXTURE}`,
      "    left out: broken_props: inputSchema.properties.x must be a schema object",
      '    left out: broken_type: inputSchema must describe an object (its type is "string")',
      "remote  http   failed     0 tools   http://127.0.0.1:9/mcp",
      "    error: the environment variable URSA_TEST_NO_TOKEN is not set",
      "",
    ].join("\n"));

    expect(await ursa("remove", "broken")).toMatchObject({ code: 0, stdout: "Removed MCP server broken.\n" });
    expect(await ursa("remove", "broken")).toMatchObject({ code: 1, stderr: "ursa mcp: no MCP server named broken\n" });
    expect(await ursa("add", "bad__name", "--", "x")).toMatchObject({ code: 2, stderr: 'ursa mcp: MCP server names may not contain "__", which separates server and tool names (got "bad__name")\nRun ursa mcp --help for usage.\n' });
    expect(await ursa("add", "nocmd")).toMatchObject({ code: 2, stderr: expect.stringContaining("add needs the server's command") });
    expect(await ursa("add-http", "x", "ftp://host")).toMatchObject({ code: 2, stderr: expect.stringContaining("must start with http:// or https://") });
    expect(await ursa("frobnicate")).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown subcommand "frobnicate"') });
    expect(await ursa("lsit")).toMatchObject({
      code: 2,
      stderr: 'ursa mcp: unknown subcommand "lsit"; did you mean "ursa mcp list"? Use add, add-http, list, get, remove, import or approve\nRun ursa mcp --help for usage.\n',
    });
    expect(await ursa("add", "fx2", "--enable-tool", "good", "--", process.execPath, FIXTURE)).toMatchObject({
      code: 2,
      stderr: "ursa mcp: ursa mcp add has no option --enable-tool; did you mean --enable-tools?\nRun ursa mcp --help for usage.\n",
    });
    expect(await ursa("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("ursa mcp add <name> [options] -- <command> [args…]") });
  });

  it("imports an mcpServers file and reports each server", async () => {
    const home = tempDir("ursa-home-");
    const file = join(home, ".mcp.json");
    writeFileSync(file, JSON.stringify({
      mcpServers: {
        everything: { command: process.execPath, args: [EVERYTHING], env: { LOG: "1" } },
        docs: { type: "http", url: "https://docs.example.com/mcp", headers: { Authorization: "Bearer ${DOCS_TOKEN}" } },
        "no good": { command: "x" },
      },
    }));
    const ursa = (...args: string[]) => runUrsa(["mcp", ...args], { cwd: home, env: env(home) });
    expect((await ursa("add", "docs", "--", "other")).code).toBe(0);
    const imported = await ursa("import", file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe([
      `imported everything (stdio: ${process.execPath} ${EVERYTHING})`,
      "skipped docs: already configured (ursa mcp remove docs to replace it)",
      'imported no-good (renamed from "no good") (stdio: x)',
      "",
    ].join("\n"));
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      expect(JSON.parse((await store.settings.kvGet("mcp:everything"))!)).toEqual({ transport: "stdio", command: process.execPath, args: [EVERYTHING], env: { LOG: "1" } });
    } finally {
      await store.close();
    }
    expect(await ursa("import", join(home, "missing.json"))).toMatchObject({ code: 1, stderr: expect.stringContaining("cannot read") });
  });

  it("names a failed server on stderr and still completes the headless turn with the others", async () => {
    const home = tempDir("ursa-home-");
    const ursa = (...args: string[]) => runUrsa(["mcp", ...args], { cwd: home, env: env(home) });
    await ursa("add", "gone", "--", process.execPath, FIXTURE, "exit");
    await ursa("add", "fx", "--", process.execPath, FIXTURE);
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "fx__good", input: { text: "ok" } }] },
      { type: "message", blocks: [{ type: "text", text: "Done." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "use the fixture"], { cwd: home, env: waitForServers(home) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Done.\n");
    expect(run.stderr).toContain("ursa: MCP server gone failed: the server exited during startup: fixture: missing configuration file\n");
    const tools = (server.requests[before]!.body as WireBody).tools!.map((t) => t.name);
    expect(tools).toContain("fx__good");
    expect(tools.some((t) => t.startsWith("gone__"))).toBe(false);
    expect(JSON.stringify((server.requests[before + 1]!.body as WireBody).messages.at(-1))).toContain('good: {\\"text\\":\\"ok\\"}');
  });
});

describe("what a stdio MCP server inherits", () => {
  it("neither `ursa mcp list` nor a session passes on the sync token, a keys.json key or a provider key copied under another name", { timeout: 90_000 }, async () => {
    const home = tempDir("ursa-home-");
    const envFile = join(home, "server-env.json");
    const keysFile = join(home, "keys.json");
    writeFileSync(keysFile, JSON.stringify({ SERVICE_KEY: "service-key-from-file" }));
    chmodSync(keysFile, 0o600);
    const secrets = {
      URSA_SYNC_TOKEN: "sync-token-0123",
      SERVICE_KEY: "service-key-from-env",
      COPY_OF_FILE_KEY: "service-key-from-file",
      OPENAI_API_KEY: "sk-openai-4567",
      MY_KEY: "sk-openai-4567",
    };
    const withSecrets = { ...waitForServers(home), ...secrets, PLAIN_SETTING: "visible" };
    const ursa = (...args: string[]) => runUrsa(["mcp", ...args], { cwd: home, env: withSecrets });
    // A configuration that names a secret still passes it on.
    expect((await ursa("add", "fx", "--env", `FIXTURE_ENV_FILE=${envFile}`, "--env", "NAMED_TOKEN=${URSA_SYNC_TOKEN}", "--", process.execPath, FIXTURE)).code).toBe(0);
    const inherited = (): Record<string, string> => {
      const seen = JSON.parse(readFileSync(envFile, "utf8")) as Record<string, string>;
      rmSync(envFile);
      return seen;
    };
    const expectNoSecrets = (seen: Record<string, string>) => {
      expect(seen["PLAIN_SETTING"]).toBe("visible");
      expect(seen["NAMED_TOKEN"]).toBe("sync-token-0123");
      const holding = Object.entries(seen).filter(([name, value]) => name !== "NAMED_TOKEN" && Object.values(secrets).includes(value));
      expect(holding.map(([name]) => name)).toEqual([]);
    };

    const listed = await ursa("list");
    expect(listed.stdout).toMatch(/^fx +stdio +connected/);
    expectNoSecrets(inherited());

    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Done." }] });
    const run = await runUrsa(["-p", "hello"], { cwd: home, env: withSecrets });
    expect(run).toMatchObject({ code: 0, stdout: "Done.\n" });
    expectNoSecrets(inherited());
  });
});

