/**
 * Bad input at the edges, through the real CLI: a damaged database, a broken keys.json, a bad
 * --base-url, a hung MCP server and a provider that never answers each end in one clear line,
 * never a stack trace, and none of them holds a run up for long.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { FIXTURE } from "../fixtures/mcp-servers.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

// One wire server per test: a reply a slow run never asked for must not reach the next test.
let server: AnthropicWireServer;
beforeEach(async () => {
  server = await startAnthropicWireServer();
});
afterEach(async () => server.close());

const env = (home: string, extra: Record<string, string> = {}) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, ...extra });

/** A healthy database to damage: what one run leaves behind. */
async function healthyDatabase(): Promise<Buffer> {
  const home = tempDir("ursa-home-");
  server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
  expect((await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(home) })).code).toBe(0);
  return readFileSync(join(home, "ursa.db"));
}

describe("a damaged ursa.db at start", () => {
  it.each([
    ["garbage", (home: string) => writeFileSync(join(home, "ursa.db"), "this is not a database ".repeat(20)), /is not an Ursa database: move it aside/],
    ["a directory", (home: string) => mkdirSync(join(home, "ursa.db")), /is a directory, not a file: move it aside/],
  ] as const)("%s: one line saying what to do, exit 1", async (_name, damage, expected) => {
    const home = tempDir("ursa-home-");
    damage(home);
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at |triggerUncaughtException|node:internal/);
  });

  it("truncated: one line saying what to do, exit 1", async () => {
    const whole = await healthyDatabase();
    const home = tempDir("ursa-home-");
    writeFileSync(join(home, "ursa.db"), whole.subarray(0, Math.floor(whole.length / 3)));
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/damaged: move it aside|not an Ursa database/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("keys.json", () => {
  it.each([
    ["a FIFO", (path: string) => execFileSync("mkfifo", ["-m", "600", path]), /is not a regular file/],
    ["malformed", (path: string) => writeFileSync(path, "{nope", { mode: 0o600 }), /is not valid JSON/],
  ] as const)("%s does not stop a run whose key is in the environment: one warning line", async (_name, make, expected) => {
    const home = tempDir("ursa-home-");
    make(join(home, "keys.json"));
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "fine" }] });
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("fine\n");
    const warnings = run.stderr.split("\n").filter((line) => line.startsWith("ursa: warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(expected);
  });
});

describe("--base-url", () => {
  it.each(["not a url", "localhost:8080", "ftp://example.com"])("%j is bad usage (exit 2), and nothing is sent", async (url) => {
    const run = await runUrsa(["-p", "hi", "--base-url", url], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ursa: --base-url must be an http:// or https:// URL (got "${url}")\nRun ursa --help for usage.\n`);
  });
});

describe("a provider that accepts the request and never sends a byte", () => {
  it("fails after the first-byte timeout and one retry, saying so", async () => {
    const never = { type: "message", blocks: [{ type: "text", text: "never" }], delayMs: 600_000 } as const;
    server.enqueue(never, never, never);
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-"), { URSA_FIRST_BYTE_TIMEOUT_S: "1.5" }) });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/Anthropic accepted the request but sent nothing for 1\.5s\. Retrying in \d+s \(attempt 1\)…/g)).toHaveLength(1);
    expect(run.stderr).not.toContain("attempt 2");
    expect(run.stderr).toContain("✗ Anthropic accepted the request but sent nothing for 1.5s.");
  });
});

describe("retry-after", () => {
  it("is honoured as sent, and said so", async () => {
    server.enqueue({ type: "http_error", status: 429, errorType: "rate_limit_error", message: "slow down", headers: { "retry-after": "1" } }, { type: "message", blocks: [{ type: "text", text: "after the wait" }] });
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Rate limited. Retrying in 1s, as the server asked (attempt 1)…");
    expect(run.stdout).toBe("after the wait\n");
  });

  it("beyond the cap is not shortened in secret: the run fails and says why", async () => {
    server.enqueue({ type: "http_error", status: 429, errorType: "rate_limit_error", message: "slow down", headers: { "retry-after": "600" } });
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The server asked to retry after 600 s, longer than Ursa waits (120 s): try again later.");
    expect(server.requests).toHaveLength(1);
  });
});

describe("a hung MCP server", () => {
  it("does not hold up a headless run (its startup timeout is 30 s; the run's limit here is 20 s)", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    expect((await runUrsa(["mcp", "add", "hung", "--", process.execPath, FIXTURE, "hang"], { cwd: project, env: env(home) })).code).toBe(0);
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "answered" }] });
    const run = await runUrsa(["-p", "hi"], { cwd: project, env: env(home), timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("answered\n");
  });

  it("a call to a tool of a server still starting waits for it (the turn itself did not wait)", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    expect((await runUrsa(["mcp", "add", "fx", "--", process.execPath, FIXTURE], { cwd: project, env: env(home) })).code).toBe(0);
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "fx__good", input: { text: "ok" } }] },
      { type: "message", blocks: [{ type: "text", text: "Done." }] },
    );
    const run = await runUrsa(["-p", "use the fixture", "--output-format", "stream-json"], { cwd: project, env: env(home, { URSA_MCP_WAIT_MS: "0" }), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    const finished = run.stdout.trim().split("\n").map((line) => JSON.parse(line)).find((e) => e.type === "tool_call_finished");
    expect(finished).toMatchObject({ name: "fx__good", success: true });
    expect(JSON.stringify((server.requests[1]!.body as { messages: unknown[] }).messages.at(-1))).toContain('good: {\\"text\\":\\"ok\\"}');
  });
});
