import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
type Body = { system: { text: string }[]; messages: { role: string; content: { type: string; text?: string; content?: string }[] }[] };
const body = (i: number) => server.requests[i]!.body as Body;
const lastText = (b: Body) => b.messages.at(-1)!.content.map((c) => c.text ?? c.content ?? "").join("");

describe("scripts decide what runs", () => {
  it("--allowedTools lets a command run in safe mode; --disallowedTools refuses one auto mode would run", async () => {
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "b1", name: "Bash", input: { command: "echo tested > out.txt" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "w1", name: "Write", input: { file_path: "x.txt", content: "x" } }] },
      { type: "message", blocks: [{ type: "text", text: "ran one" }] },
    );
    const safe = await runUrsa(["-p", "test", "--allowedTools", "Bash(echo tested:*)", "--output-format", "json"], { cwd: project, env: env(tempDir("ursa-home-")) });
    expect(safe.code).toBe(0);
    expect(readFileSync(join(project, "out.txt"), "utf8")).toBe("tested\n");
    expect(existsSync(join(project, "x.txt"))).toBe(false);
    expect(JSON.parse(safe.stdout).permission_denials).toEqual([{ tool_name: "Write", tool_input: { file_path: "x.txt", content: "x" }, reason: expect.stringContaining("nobody can approve") }]);

    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "r1", name: "Bash", input: { command: "rm out.txt" } }] },
      { type: "message", blocks: [{ type: "text", text: "could not" }] },
    );
    const auto = await runUrsa(["-p", "clean", "--mode", "auto", "--disallowedTools", "Bash(rm:*)", "--output-format", "json"], { cwd: project, env: env(tempDir("ursa-home-")) });
    expect(existsSync(join(project, "out.txt"))).toBe(true);
    expect(JSON.parse(auto.stdout).permission_denials).toEqual([{ tool_name: "Bash", tool_input: { command: "rm out.txt" }, reason: 'the permission rule "Bash(rm:*)" denies it' }]);
  });

  it("--allowedTools Write covers the project only; a change outside it runs only when a rule names its path", async () => {
    const project = tempDir("ursa-project-");
    const outside = tempDir("ursa-outside-");
    const writes = () =>
      server.enqueue(
        { type: "message", blocks: [{ type: "tool_use", id: "w1", name: "Write", input: { file_path: "in.txt", content: "in" } }] },
        { type: "message", blocks: [{ type: "tool_use", id: "w2", name: "Write", input: { file_path: join(outside, "out.txt"), content: "out" } }] },
        { type: "message", blocks: [{ type: "text", text: "done" }] },
      );
    writes();
    const tool = await runUrsa(["-p", "write", "--allowedTools", "Write", "--output-format", "json"], { cwd: project, env: env(tempDir("ursa-home-")) });
    expect(readFileSync(join(project, "in.txt"), "utf8")).toBe("in");
    expect(existsSync(join(outside, "out.txt"))).toBe(false);
    expect(JSON.parse(tool.stdout).permission_denials.map((d: { tool_input: { file_path: string } }) => d.tool_input.file_path)).toEqual([join(outside, "out.txt")]);

    writes();
    const named = await runUrsa(["-p", "write", "--allowedTools", `Write Edit(/${outside}/**)`, "--output-format", "json"], { cwd: project, env: env(tempDir("ursa-home-")) });
    expect(readFileSync(join(outside, "out.txt"), "utf8")).toBe("out");
    expect(JSON.parse(named.stdout).permission_denials).toEqual([]);
  });

  it("reads permissions from the project's and the user's settings files; deny beats allow", async () => {
    const project = tempDir("ursa-project-");
    const home = tempDir("ursa-home-");
    mkdirSync(join(project, ".ursa"));
    writeFileSync(join(project, ".ursa", "settings.json"), JSON.stringify({ permissions: { allow: ["Edit(notes/**)"] } }));
    writeFileSync(join(home, "settings.json"), JSON.stringify({ permissions: { deny: ["Edit(notes/private/**)"] } }));
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "w1", name: "Write", input: { file_path: "notes/a.md", content: "a" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "w2", name: "Write", input: { file_path: "notes/private/b.md", content: "b" } }] },
      { type: "message", blocks: [{ type: "text", text: "done" }] },
    );
    const run = await runUrsa(["-p", "notes", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(run.code).toBe(0);
    expect(readFileSync(join(project, "notes/a.md"), "utf8")).toBe("a");
    expect(existsSync(join(project, "notes/private/b.md"))).toBe(false);
    expect(JSON.parse(run.stdout).permission_denials.map((d: { reason: string }) => d.reason)).toEqual(['the permission rule "Edit(notes/private/**)" denies it']);

    writeFileSync(join(project, ".ursa", "settings.json"), "{ not json");
    const broken = await runUrsa(["-p", "notes"], { cwd: project, env: env(home) });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^ursa: .*\.ursa\/settings\.json is not valid JSON .*; fix or remove it\.\n$/);
    // The parser quotes the source, newlines and all: still one line.
    writeFileSync(join(project, ".ursa", "settings.json"), '{\n  "permissions": x\n}\n');
    const quoted = await runUrsa(["-p", "notes"], { cwd: project, env: env(home) });
    expect(quoted.code).toBe(1);
    expect(quoted.stderr).toMatch(/^ursa: .*\.ursa\/settings\.json is not valid JSON .*; fix or remove it\.\n$/);
  });

  it("warns in one line of a misspelt key in a settings file, naming the file and the key it meant", async () => {
    const project = tempDir("ursa-project-");
    const home = tempDir("ursa-home-");
    mkdirSync(join(project, ".ursa"));
    writeFileSync(join(project, ".ursa", "settings.json"), JSON.stringify({ permisions: { allow: ["Read"] } }));
    writeFileSync(join(home, "settings.json"), JSON.stringify({ permissions: { alow: ["Read"] } }));
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    const run = await runUrsa(["-p", "hi"], { cwd: project, env: env(home) });
    expect(run.code).toBe(0);
    const warnings = run.stderr.split("\n").filter((line) => line.startsWith("ursa: warning:"));
    expect(warnings).toEqual([
      `ursa: warning: ${join(home, "settings.json")}: unknown key "permissions.alow" (did you mean "allow"?); it is ignored.`,
      `ursa: warning: ${join(project, ".ursa", "settings.json")}: unknown key "permisions" (did you mean "permissions"?); it is ignored.`,
    ]);
  });

  it("--system-prompt replaces the system prompt, --append-system-prompt adds to it", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "a" }] }, { type: "message", blocks: [{ type: "text", text: "b" }] });
    const before = server.requests.length;
    await runUrsa(["-p", "hi", "--system-prompt", "You are a terse reviewer."], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    await runUrsa(["-p", "hi", "--append-system-prompt", "Always answer in French."], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(body(before).system[0]!.text).toBe("You are a terse reviewer.");
    expect(body(before + 1).system[0]!.text).toMatch(/Ursa[\s\S]*\n\nAlways answer in French\.$/);
  });

  it("joins piped standard input to the -p prompt", async () => {
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "explained" }] });
    const before = server.requests.length;
    const run = await runUrsa(["-p", "explain this log"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")), stdin: "ERROR disk full\n" });
    expect(run.code).toBe(0);
    expect(lastText(body(before))).toBe("explain this log\n\nERROR disk full");
  });

  it("acts on /help, /cost and /compact instead of sending them to the model", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const before = server.requests.length;
    const help = await runUrsa(["-p", "/help"], { cwd: project, env: env(home) });
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining("/compact") });
    const noSession = await runUrsa(["-p", "/cost"], { cwd: project, env: env(home) });
    expect(noSession.code).toBe(2);
    expect(noSession.stderr).toContain("/cost works on an existing session");
    expect(server.requests.length).toBe(before);

    server.enqueue({ type: "message", blocks: [{ type: "text", text: "hello" }], usage: { input_tokens: 1000, output_tokens: 100 } });
    await runUrsa(["-p", "hi"], { cwd: project, env: env(home) });
    const cost = await runUrsa(["--continue", "-p", "/cost", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(cost.code).toBe(0);
    // $3 and $15 per million: 1000 in, 100 out.
    expect(JSON.parse(cost.stdout)).toMatchObject({ type: "result", subtype: "success", num_turns: 0, result: expect.stringMatching(/^session +1 call · 1000 in · 100 out .* \$0\.0045/) });
    const compact = await runUrsa(["--continue", "-p", "/compact"], { cwd: project, env: env(home) });
    expect(compact.code).toBe(0);
    expect(compact.stdout).toMatch(/^Nothing to compact: /);
    expect(server.requests.length).toBe(before + 1);
  });

  it("runs the slash commands that never call the model without an API key; /compact still needs one", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "hello" }], usage: { input_tokens: 1000, output_tokens: 100 } });
    await runUrsa(["-p", "hi"], { cwd: project, env: env(home) });
    const before = server.requests.length;
    const { ANTHROPIC_API_KEY: _key, ...keyless } = env(home);

    const help = await runUrsa(["-p", "/help"], { cwd: project, env: keyless });
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining("/cost") });
    const noSession = await runUrsa(["-p", "/cost"], { cwd: project, env: keyless });
    expect(noSession).toMatchObject({ code: 2, stderr: expect.stringContaining("/cost works on an existing session") });
    for (const flags of [["--continue"], ["--continue", "--provider", "anthropic"]]) {
      const cost = await runUrsa([...flags, "-p", "/cost"], { cwd: project, env: keyless });
      expect(cost.stderr, flags.join(" ")).toBe("");
      expect(cost, flags.join(" ")).toMatchObject({ code: 0, stdout: expect.stringMatching(/^session +1 call · 1000 in · 100 out .* \$0\.0045\n/) });
    }
    const compact = await runUrsa(["--continue", "--provider", "anthropic", "-p", "/compact"], { cwd: project, env: keyless });
    expect(compact).toMatchObject({ code: 1, stderr: expect.stringContaining("No API key for anthropic") });
    expect(server.requests.length).toBe(before);
  });
});
