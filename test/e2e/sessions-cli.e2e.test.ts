import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url });

describe("ursa sessions", () => {
  it("keeps a project's sessions when it gets a git remote", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const ursa = (...args: string[]) => runUrsa(args, { cwd: project, env: env(home) });
    execFileSync("git", ["init", "-q"], { cwd: project });
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Hello." }] });
    const first = JSON.parse((await ursa("-p", "hi", "--output-format", "json")).stdout).session_id as string;
    execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/p4.git"], { cwd: project });
    const list = await ursa("sessions", "list", "--json");
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: first, project_key: expect.stringMatching(/^git:/) }]);
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Again." }] });
    const resumed = await ursa("--continue", "-p", "more", "--output-format", "json");
    expect(JSON.parse(resumed.stdout).session_id).toBe(first);
  });

  it("lists, shows, exports, imports and deletes sessions", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const ursa = (...args: string[]) => runUrsa(args, { cwd: project, env: env(home) });
    server.enqueue(
      { type: "message", blocks: [{ type: "text", text: "Writing it." }, { type: "tool_use", id: "t1", name: "Write", input: { file_path: "a.txt", content: "alpha\n" } }] },
      { type: "message", blocks: [{ type: "text", text: "Wrote a.txt." }] },
      { type: "message", blocks: [{ type: "text", text: "Second." }] },
    );
    const first = JSON.parse((await ursa("-p", "write a.txt", "--mode", "auto", "--output-format", "json")).stdout).session_id as string;
    const second = JSON.parse((await ursa("-p", "another one", "--output-format", "json")).stdout).session_id as string;

    const list = await ursa("sessions", "list", "--json", "--limit", "1");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual([second]);
    const table = await ursa("sessions", "list");
    expect(table.stdout).toMatch(/^ID +UPDATED +MSGS +TITLE\n/);
    expect(table.stdout).toContain("write a.txt");

    const shown = await ursa("sessions", "show", first.slice(0, 13));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("# write a.txt");
    expect(shown.stdout).toContain("**Tool call** `Write`");
    expect(shown.stdout).toContain("## Assistant\n\nWrote a.txt.");

    const exported = await ursa("sessions", "export", first, "--format", "json");
    const file = join(project, "export.json");
    writeFileSync(file, exported.stdout);
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: "ursa-session", version: 1, session: { id: first } });
    // Imported into another project; importing the same file again changes nothing, in one line.
    const elsewhere = tempDir("ursa-project-");
    const there = (...args: string[]) => runUrsa(args, { cwd: elsewhere, env: env(home) });
    const imported = await there("sessions", "import", file);
    expect(imported.code).toBe(0);
    const copy = /session ([0-9a-f-]{36})/.exec(imported.stdout)![1]!;
    expect(copy).not.toBe(first);
    const twice = await there("sessions", "import", file);
    expect(twice).toMatchObject({ code: 0, stderr: "", stdout: `Already imported: session ${first} is session ${copy} here; resume it with: ursa --resume ${copy}\n` });
    expect(JSON.parse((await there("sessions", "list", "--json")).stdout).map((s: { id: string }) => s.id)).toEqual([copy]);
    // Into its own project, where it already is.
    const home_ = await ursa("sessions", "import", file);
    expect(home_.stdout).toBe(`Already imported: session ${first} is session ${first} here; resume it with: ursa --resume ${first}\n`);
    expect(JSON.parse((await ursa("sessions", "list", "--json")).stdout)).toHaveLength(2);
    const again = JSON.parse((await ursa("sessions", "export", copy, "--format", "json")).stdout);
    const strip = (m: Record<string, unknown>) => ({ ...m, id: undefined, sessionId: undefined });
    expect(again.messages.map(strip)).toEqual(JSON.parse(exported.stdout).messages.map(strip));

    // The imported session resumes with the whole conversation.
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "resumed" }] });
    const before = server.requests.length;
    expect((await ursa("--resume", copy, "-p", "and now?")).code).toBe(0);
    expect(JSON.stringify((server.requests[before]!.body as { messages: unknown[] }).messages)).toContain("Wrote a.txt.");

    const refused = await ursa("sessions", "delete", second);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("add --yes");
    const deleted = await ursa("sessions", "delete", second, "--yes");
    expect(deleted).toMatchObject({ code: 0, stdout: expect.stringContaining(`Deleted session ${second} "another one"`) });
    expect(JSON.parse((await ursa("sessions", "list", "--json")).stdout).map((s: { id: string }) => s.id)).not.toContain(second);
    expect((await ursa("sessions", "show", "ffffffff")).stderr).toBe('ursa sessions: no session id starts with "ffffffff"; ursa sessions list shows them\n');
  });

  it("--resume without an id, headless, is bad usage listing the recent sessions", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    await runUrsa(["-p", "remember the milk"], { cwd: project, env: env(home) });
    const before = server.requests.length;
    const run = await runUrsa(["--resume", "-p", "go on"], { cwd: project, env: env(home) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--resume needs a session id");
    expect(run.stderr).toContain("remember the milk");
    expect(server.requests.length).toBe(before);
  });

  it("says did you mean for command words instead of sending them to the model", async () => {
    const home = tempDir("ursa-home-");
    const before = server.requests.length;
    for (const [word, hint] of [["list", "ursa sessions list"], ["export", "ursa sessions export <id>"], ["sesions", "ursa sessions"]] as const) {
      const run = await runUrsa([word], { cwd: tempDir("ursa-project-"), env: env(home) });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`did you mean ${hint}`);
    }
    const sub = await runUrsa(["sessions", "lst"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(sub.stderr).toContain('did you mean "ursa sessions list"?');
    expect(server.requests.length).toBe(before);
  });
});
