import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVERYTHING, FILESYSTEM, FIXTURE, isAlive, until } from "../../test/fixtures/mcp-servers.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { openLibsqlStore, type LibsqlStore } from "../libsql-store/mod.ts";
import { McpServerManager, type McpServerManagerOptions } from "./mcp-server-manager.ts";
import type { McpStdioConfig } from "./server-config.ts";

let dir: { path: string; remove: () => Promise<void> };
let store: LibsqlStore;
const managers: McpServerManager[] = [];

beforeEach(async () => {
  dir = await makeTempDir("ursa-mcp");
  store = await openLibsqlStore({ url: `file:${join(dir.path, "ursa.db")}`, deviceId: "test" });
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  await store.close();
  await dir.remove();
});

function manager(options: Partial<McpServerManagerOptions> = {}): McpServerManager {
  const m = new McpServerManager({ settings: store.settings, env: process.env, cwd: dir.path, clientVersion: "0.0.0-test", ...options });
  managers.push(m);
  return m;
}

const stdio = (path: string, ...args: string[]): McpStdioConfig => ({ transport: "stdio", command: process.execPath, args: [path, ...args] });

function tool(m: McpServerManager, name: string) {
  const found = m.tools().find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} among ${m.tools().map((t) => t.name).join(", ")}`);
  return found;
}

function call(m: McpServerManager, name: string, input: Record<string, unknown>, signal = new AbortController().signal) {
  const { ctx, lines } = makeToolContext(dir.path, { signal });
  return { result: tool(m, name).execute(input, ctx), lines };
}

describe("against server-everything over stdio", () => {
  it("lists tools with their effects, calls them, and reads instructions, resources and prompts", async () => {
    const m = manager();
    await m.add("everything", stdio(EVERYTHING));
    expect(m.status()[0]).toMatchObject({ name: "everything", state: "connecting" });
    await m.settled();
    const [status] = m.status();
    expect(status).toMatchObject({ name: "everything", state: "connected", transport: "stdio", toolCount: 12, lastError: null });
    expect(status!.skippedTools).toEqual(["simulate-research-query: it can only run as an MCP task, which Ursa does not support"]);
    expect(m.tools().map((t) => t.name)).toContain("everything__get-sum");
    const sum = tool(m, "everything__get-sum");
    expect(sum.description).toMatch(/^\[MCP:everything\] /);
    expect(sum.parameters).toMatchObject({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] });
    expect(sum.classify({})).toBe("read_only");
    expect(tool(m, "everything__gzip-file-as-resource").classify({})).toBe("remote_action");

    expect(await call(m, "everything__get-sum", { a: 2, b: 40 }).result).toEqual({ output: "The sum of 2 and 40 is 42.", success: true });
    expect(await call(m, "everything__echo", { message: "hi" }).result).toEqual({ output: "Echo: hi", success: true });
    expect((await call(m, "everything__get-tiny-image", {}).result).output).toMatch(/\[image: image\/png, \d+ bytes\]/);

    const instructions = m.instructions();
    expect(instructions.startsWith("---[start of server instructions from everything]---\n# Everything Server")).toBe(true);
    expect(instructions.endsWith("\n---[end of server instructions from everything]---")).toBe(true);

    const resources = await m.listResources();
    expect(resources).toContainEqual({
      server: "everything", uri: "demo://resource/static/document/instructions.md", name: "instructions.md",
      description: "Static document file exposed from /docs: instructions.md", mimeType: "text/markdown",
    });
    const contents = await m.readResource("everything", "demo://resource/static/document/instructions.md");
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri: "demo://resource/static/document/instructions.md", mimeType: "text/markdown", bytes: null });
    expect(contents[0]!.text).toMatch(/^# Everything Server – Server Instructions/);

    const prompts = await m.listPrompts("everything");
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(["simple-prompt", "args-prompt"]));
    expect(prompts.find((p) => p.name === "args-prompt")!.arguments).toContainEqual(expect.objectContaining({ name: "city", required: true }));
    const filled = await m.getPrompt("everything", "args-prompt", { city: "Lisbon" });
    expect(filled.messages[0]).toMatchObject({ role: "user" });
    expect(filled.messages[0]!.text).toContain("Lisbon");
  });

  it("cancels a long-running call when the turn's signal aborts, and the server keeps serving", async () => {
    const m = manager();
    await m.add("everything", stdio(EVERYTHING));
    await m.settled();
    const controller = new AbortController();
    const started = Date.now();
    const { result, lines } = call(m, "everything__trigger-long-running-operation", { duration: 30, steps: 60 }, controller.signal);
    // Progress arrives as output lines; cancel after the first one.
    await until(() => lines.length > 0, "a progress line");
    expect(lines[0]!.line).toMatch(/^progress 1\/60/);
    controller.abort();
    await expect(result).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await call(m, "everything__echo", { message: "still here" }).result).toEqual({ output: "Echo: still here", success: true });
  });
});

describe("against the fixture server", () => {
  it("maps annotations, leaves out broken schemas with a clear error and keeps the other tools", async () => {
    const m = manager();
    await m.add("fx", stdio(FIXTURE));
    await m.settled();
    const [status] = m.status();
    expect(status!.state).toBe("connected");
    expect(status!.lastError).toBe(
      '2 tools were left out: broken_props: inputSchema.properties.x must be a schema object; broken_type: inputSchema must describe an object (its type is "string")',
    );
    expect(m.tools().map((t) => [t.name, t.classify({})])).toEqual([
      ["fx__good", "read_only"], ["fx__both_hints", "read_only"], ["fx__no_props", "destructive"], ["fx__plain", "remote_action"],
      ["fx__mixed", "read_only"], ["fx__empty", "read_only"], ["fx__wait", "read_only"], ["fx__crash", "remote_action"],
      ["fx__pid", "read_only"], ["fx__env", "read_only"],
    ]);
    expect(tool(m, "fx__no_props").parameters).toEqual({ type: "object", properties: {} });
    expect(await call(m, "fx__good", { text: "x" }).result).toEqual({ output: 'good: {"text":"x"}', success: true });
    expect(await call(m, "fx__plain", {}).result).toEqual({ output: "MCP tool error: plain failed", success: false });
    expect(await call(m, "fx__empty", {}).result).toEqual({ output: "(no output)", success: true });
    expect((await call(m, "fx__mixed", {}).result).output).toBe("first\n[image: image/png, 8 bytes]\n[resource: file:///tmp/x.txt]\n[resource: mem://note]\nembedded note");
    expect(m.instructions()).toBe("---[start of server instructions from fx]---\nFixture instructions: call good first.\n---[end of server instructions from fx]---");
  });

  it("tells the server to cancel on abort and on the tool timeout", async () => {
    const marker = join(dir.path, "cancelled");
    const m = manager();
    await m.add("fx", { ...stdio(FIXTURE), env: { FIXTURE_MARKER: marker }, toolTimeoutSec: 0.5 });
    await m.settled();
    const timedOut = await call(m, "fx__wait", {}).result;
    expect(timedOut).toEqual({ output: 'MCP tool error: wait on server "fx" did not answer within 0.5 s and was cancelled.', success: false });
    expect(await until(() => existsSync(marker) && readFileSync(marker, "utf8"), "the server's cancellation")).toBe("cancelled");

    writeFileSync(marker, "");
    const controller = new AbortController();
    const pending = call(m, "fx__wait", { ms: 20_000 }, controller.signal).result;
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(await until(() => readFileSync(marker, "utf8"), "the server's cancellation")).toBe("cancelled");
  });

  it("passes the configured environment, with ${VAR} from Ursa's, and only the inherited part of Ursa's own", async () => {
    const m = manager({ env: { ...process.env, URSA_TEST_SECRET: "s3cret", URSA_TEST_KEY: "k", URSA_TEST_PLAIN: "p" }, inheritedEnv: { ...process.env, URSA_TEST_PLAIN: "p" } });
    await m.add("fx", { ...stdio(FIXTURE), env: { FROM_CONFIG: "token ${URSA_TEST_SECRET}" } });
    await m.settled();
    expect(await call(m, "fx__env", { name: "FROM_CONFIG" }).result).toEqual({ output: "token s3cret", success: true });
    expect(await call(m, "fx__env", { name: "URSA_TEST_PLAIN" }).result).toEqual({ output: "p", success: true });
    expect(await call(m, "fx__env", { name: "URSA_TEST_SECRET" }).result).toEqual({ output: "(unset)", success: true });
    expect(await call(m, "fx__env", { name: "URSA_TEST_KEY" }).result).toEqual({ output: "(unset)", success: true });
  });

  it("reconnects a crashed server with backoff, and gives up on one that cannot restart", async () => {
    const m = manager({ backoff: { baseMs: 20, maxMs: 100, maxAttempts: 3 } });
    await m.add("fx", stdio(FIXTURE));
    await m.settled();
    const firstPid = m.status()[0]!.pid!;
    expect(await call(m, "fx__crash", {}).result).toEqual({
      output: 'MCP tool error: the MCP server "fx" closed the connection during the call; Ursa reconnects it.',
      success: false,
    });
    const again = await until(() => m.status().find((s) => s.state === "connected" && s.pid !== firstPid), "the reconnection");
    expect(isAlive(firstPid)).toBe(false);
    expect(await call(m, "fx__pid", {}).result).toEqual({ output: String(again.pid), success: true });

    const once = join(dir.path, "once");
    await m.add("single", { ...stdio(FIXTURE, "once"), env: { FIXTURE_ONCE_FILE: once } });
    await m.settled();
    expect(m.status().find((s) => s.name === "single")!.state).toBe("connected");
    await call(m, "single__crash", {}).result;
    const failed = await until(() => m.status().find((s) => s.name === "single" && s.state === "failed"), "giving up");
    expect(failed.lastError).toBe("the server exited during startup: fixture: already ran once (gave up after 3 reconnection attempts)");
    expect(m.tools().some((t) => t.name.startsWith("single__"))).toBe(false);
    expect(m.status().find((s) => s.name === "fx")!.state).toBe("connected");
  });

  it("answers a call to a disconnected server with a clear error", async () => {
    const m = manager({ backoff: { baseMs: 60_000, maxMs: 60_000, maxAttempts: 1 } });
    await m.add("fx", stdio(FIXTURE));
    await m.settled();
    await call(m, "fx__crash", {}).result;
    await until(() => m.status()[0]!.state === "disconnected", "the disconnection");
    // The tool stays listed while a reconnection is pending, so the model hears why it failed.
    expect(await call(m, "fx__good", {}).result).toEqual({
      output: 'MCP tool error: MCP server "fx" is not connected (disconnected: the server closed the connection).',
      success: false,
    });
  });
});

describe("bad configurations", () => {
  it("report clear errors and leave the other servers working", async () => {
    const pidFile = join(dir.path, "hang.pid");
    const m = manager();
    await m.add("good", stdio(EVERYTHING));
    await m.add("missing", { transport: "stdio", command: "ursa-no-such-command", args: [] });
    await m.add("exits", stdio(FIXTURE, "exit"));
    await m.add("hangs", { ...stdio(FIXTURE, "hang"), env: { FIXTURE_PID_FILE: pidFile }, startupTimeoutSec: 1 });
    await m.add("unset", { transport: "stdio", command: "${URSA_TEST_UNSET_COMMAND}", args: [] });
    await store.settings.kvSet("mcp:corrupt", "{not json");
    await m.refresh();
    await m.settled();
    expect(m.status().map((s) => [s.name, s.state, s.lastError])).toEqual([
      ["corrupt", "failed", "invalid configuration: the stored value is not JSON"],
      ["exits", "failed", "the server exited during startup: fixture: missing configuration file"],
      ["good", "connected", null],
      ["hangs", "failed", "the server did not finish starting within 1 s"],
      ["missing", "failed", "command not found: ursa-no-such-command"],
      ["unset", "failed", "the environment variable URSA_TEST_UNSET_COMMAND is not set"],
    ]);
    expect(isAlive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
    expect(m.tools().every((t) => t.name.startsWith("good__"))).toBe(true);
    expect(await call(m, "good__echo", { message: "fine" }).result).toEqual({ output: "Echo: fine", success: true });
    await expect(m.reconnect("nobody")).rejects.toThrow('no MCP server named "nobody"');
    await expect(m.listPrompts("missing")).rejects.toThrow('MCP server "missing" is not connected (failed: command not found: ursa-no-such-command).');
  });
});

describe("lifecycle", () => {
  it("adds and removes servers without a restart, telling listeners each time", async () => {
    const m = manager();
    let changes = 0;
    m.onChange(() => changes++);
    m.start();
    await m.settled();
    expect(m.tools()).toEqual([]);

    await m.add("files", stdio(FILESYSTEM, dir.path));
    await m.settled();
    writeFileSync(join(dir.path, "hello.txt"), "hello from a temp dir\n");
    expect(tool(m, "files__write_file").classify({})).toBe("destructive");
    expect(tool(m, "files__create_directory").classify({})).toBe("remote_action");
    expect(await call(m, "files__read_text_file", { path: join(dir.path, "hello.txt") }).result).toEqual({ output: "hello from a temp dir\n", success: true });
    const pid = m.status()[0]!.pid!;
    expect(changes).toBeGreaterThan(0);

    const before = changes;
    expect(await m.remove("files")).toBe(true);
    expect(changes).toBeGreaterThan(before);
    expect(m.tools()).toEqual([]);
    expect(m.status()).toEqual([]);
    expect(isAlive(pid)).toBe(false);
    expect(await m.remove("files")).toBe(false);
  });

  it("picks up configurations another process stored, when polling", async () => {
    const m = manager({ pollIntervalMs: 50 });
    m.start();
    await store.settings.kvSet("mcp:fx", JSON.stringify(stdio(FIXTURE)));
    await until(() => m.status()[0]?.state === "connected", "the polled server");
    await store.settings.kvDelete("mcp:fx");
    await until(() => m.status().length === 0, "the polled removal");
  });

  it("kills every child process on close", async () => {
    const m = manager();
    await m.add("a", stdio(EVERYTHING));
    await m.add("b", stdio(FIXTURE));
    await m.settled();
    const pids = m.status().map((s) => s.pid!);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    await m.close();
    expect(pids.map(isAlive)).toEqual([false, false]);
    expect(m.tools()).toEqual([]);
  });
});
