import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => {
  await server.close();
});

function env(home: string): Record<string, string> {
  return { URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home };
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages: { role: string; content: unknown }[] }).messages;
  const last = messages.at(-1)!;
  if (typeof last.content === "string") return last.content;
  return (last.content as { type: string; text?: string }[]).filter((b) => b.type === "text").map((b) => b.text).join("");
}

describe.each(["node", "deno"] as const)("ursa -p on %s", (runtime) => {
  it("completes a tool-using turn, persists it, and resumes it with --resume", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "text", text: "Creating it." }, { type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: "hello.txt", content: "hello from ursa\n" } }], usage: { input_tokens: 120, output_tokens: 30 } },
      { type: "message", blocks: [{ type: "text", text: "I wrote hello.txt." }], usage: { input_tokens: 200, output_tokens: 10, cache_read_input_tokens: 50 } },
    );
    const first = await runUrsa(["-p", "create hello.txt", "--mode", "auto", "--output-format", "json"], { runtime, cwd: project, env: env(home) });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(first.stdout.trim().split("\n")).toHaveLength(1);
    expect(result).toMatchObject({ type: "result", subtype: "success", is_error: false, result: "I wrote hello.txt.", num_turns: 2, permission_denials: [], provider: "anthropic", mode: "auto", stop_reason: "complete" });
    expect(result.usage).toMatchObject({ input_tokens: 320, output_tokens: 40, cache_read_input_tokens: 50, cache_creation_input_tokens: 0 });
    expect(result.duration_ms).toBeGreaterThan(0);
    // claude-sonnet-4-6 at $3/$15 per million, cache reads $0.30: 320 in, 40 out, 50 cached.
    const cost = (320 * 3 + 40 * 15 + 50 * 0.3) / 1_000_000;
    expect(result.cost_usd).toBeCloseTo(cost, 9);
    expect(result.total_cost_usd).toBeCloseTo(cost, 9);
    expect(result.session_cost_usd.total).toBeCloseTo(cost, 10);
    expect(Object.keys(result.session_cost_usd.by_agent)).toEqual(["main"]);
    expect(readFileSync(join(project, "hello.txt"), "utf8")).toBe("hello from ursa\n");

    server.enqueue((body) => ({ type: "message", blocks: [{ type: "text", text: `You said: ${lastUserText(body)}` }] }));
    const before = server.requests.length;
    const second = await runUrsa(["--resume", result.session_id.slice(0, 18), "-p", "what did you do?"], { runtime, cwd: project, env: env(home) });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("You said: what did you do?\n");
    // The resumed request carried the whole first turn: prompt, tool call, tool result, reply.
    const resumed = server.requests[before]!.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(resumed.messages)).toContain("create hello.txt");
    expect(JSON.stringify(resumed.messages)).toContain("toolu_1");
    expect(resumed.messages).toHaveLength(5);

    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      const all = await store.messages.loadAllMessages(result.session_id);
      expect(all.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "user", "assistant"]);
      expect(all.every((m) => m.role !== "assistant" || m.completedAt !== null)).toBe(true);
      expect((await store.sessions.getSession(result.session_id))!.title).toBe("create hello.txt");
    } finally {
      await store.close();
    }
  });
});

describe("headless output and policy", () => {
  it("text mode prints only the reply on stdout and progress on stderr", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "text", text: "Let me create it." }, { type: "tool_use", id: "t1", name: "Write", input: { file_path: "a.txt", content: "a" } }] },
      { type: "message", blocks: [{ type: "text", text: "Done." }] },
    );
    const run = await runUrsa(["-p", "make a.txt", "--mode", "auto"], { cwd: project, env: env(home) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Done.\n");
    expect(run.stderr).toContain("Let me create it.");
    expect(run.stderr).toContain("⚡ Write a.txt");
    expect(run.stderr).toContain("✓ Write");
    expect(run.stderr).toMatch(/Resume this session with: ursa --resume [0-9a-f-]{36}/);
  });

  it("text mode prints a command's lines as they come, then its exit code without empty section labels", async () => {
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "b1", name: "Bash", input: { command: "echo one; echo two >&2; exit 3" } }] },
      { type: "message", blocks: [{ type: "text", text: "It failed." }] },
    );
    const run = await runUrsa(["-p", "run it", "--mode", "auto"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(0);
    const start = run.stderr.indexOf("⚡ Bash");
    expect(run.stderr.slice(start, run.stderr.indexOf("\n", run.stderr.indexOf("✗ Bash") + 7))).toBe(
      "⚡ Bash echo one; echo two >&2; exit 3\n│ one\n│ two\n✗ Bash\n│ Exit code: 3 | stdout: 1 line | stderr: 1 line",
    );
    expect(run.stderr).not.toMatch(/│ (stdout|stderr):/);
  });

  it("refuses what the mode would ask about with reject_auto, and tells the model why", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Write", input: { file_path: "b.txt", content: "b" } }] },
      { type: "message", blocks: [{ type: "text", text: "I could not write it." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "make b.txt", "--mode", "safe", "--output-format", "stream-json"], { cwd: project, env: env(home) });
    expect(run.code).toBe(0);
    expect(existsSync(join(project, "b.txt"))).toBe(false);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ type: "init", mode: "safe", provider: "anthropic", mcpServers: [] });
    expect(events[0].tools).toEqual(expect.arrayContaining(["Read", "Write", "Bash"]));
    expect(events[1].type).toBe("turn_started");
    expect(events.at(-2)).toMatchObject({ type: "turn_ended", reason: { kind: "complete" } });
    expect(events.at(-1)).toMatchObject({ type: "result", subtype: "success", session_id: events[0].sessionId, result: "I could not write it." });
    expect(events.at(-1).permission_denials).toEqual([{ tool_name: "Write", tool_input: { file_path: "b.txt", content: "b" }, reason: expect.stringContaining("non-interactive run in safe mode") }]);
    expect(events.find((e) => e.type === "approval_requested")).toMatchObject({ toolName: "Write", effect: "local_mutation" });
    const toolResult = JSON.stringify((server.requests[before + 1]!.body as { messages: unknown[] }).messages.at(-1));
    expect(toolResult).toContain("Action not executed: this is a non-interactive run in safe mode");
  });

  it("attaches @mentioned files: text inline, images as image blocks", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, "notes.md"), "# Notes\nship on Friday\n");
    writeFileSync(join(project, "shot.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Seen." }] });
    const before = server.requests.length;
    const run = await runUrsa(["-p", "summarise @notes.md and @shot.png"], { cwd: project, env: env(home) });
    expect(run.code).toBe(0);
    const content = (server.requests[before]!.body as { messages: { content: { type: string; text?: string; source?: { media_type: string; data: string } }[] }[] }).messages.at(-1)!.content;
    expect(content.find((b) => b.type === "image")?.source).toEqual({ type: "base64", media_type: "image/png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString("base64") });
    expect(content.find((b) => b.type === "text")?.text).toContain('<file path="notes.md">\n# Notes\nship on Friday\n</file>');
  });

  it("reads the prompt from stdin", async () => {
    const home = tempDir("ursa-home-");
    server.enqueue((body) => ({ type: "message", blocks: [{ type: "text", text: `echo: ${lastUserText(body)}` }] }));
    const run = await runUrsa([], { cwd: tempDir("ursa-project-"), env: env(home), stdin: "from a pipe\n" });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("echo: from a pipe\n");
  });

  it("fails with one clear line when the key is rejected", async () => {
    const home = tempDir("ursa-home-");
    server.enqueue({ type: "http_error", status: 401, errorType: "authentication_error", message: "invalid x-api-key" });
    const run = await runUrsa(["-p", "hi", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: "result", subtype: "error_during_execution", is_error: true, stop_reason: "error", error: expect.stringContaining("ANTHROPIC_API_KEY") });
  });

  it("names the missing key before making any request", async () => {
    const before = server.requests.length;
    const home = tempDir("ursa-home-");
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: { URSA_HOME: home, ANTHROPIC_BASE_URL: server.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`ursa: No API key for anthropic: set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=...) or add it to ${home}/keys.json as {"ANTHROPIC_API_KEY": "..."}.\n`);
    expect(server.requests.length).toBe(before);
  });

  it("rejects bad usage with exit code 2", async () => {
    const run = await runUrsa(["--mode", "yolo!", "-p", "x"], { cwd: tempDir("ursa-project-"), env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--mode must be plan, safe or auto");
  });

  it("two processes on one database both finish and lose nothing", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const reply = (body: unknown) => ({ type: "message" as const, blocks: [{ type: "text" as const, text: `ok ${lastUserText(body)}` }] });
    server.enqueue(reply, reply, reply, reply);
    const runs = await Promise.all(["one", "two", "three", "four"].map((p) => runUrsa(["-p", p, "--output-format", "json"], { cwd: project, env: env(home) })));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const ids = runs.map((r) => JSON.parse(r.stdout).session_id);
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      for (const id of ids) expect((await store.messages.loadAllMessages(id)).map((m) => m.role)).toEqual(["user", "assistant"]);
    } finally {
      await store.close();
    }
  });
});
