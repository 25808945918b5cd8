import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { BUNDLE, runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home });

/** `ursa --continue -p` in the project: how it ran, and the messages of the one request it sent. */
async function continueHeadless(project: string, home: string) {
  const before = server.requests.length;
  server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
  const resumed = await runUrsa(["--continue", "-p", "continue"], { cwd: project, env: env(home) });
  expect(resumed.code).toBe(0);
  return { resumed, messages: JSON.stringify((server.requests[before]!.body as { messages: unknown[] }).messages) };
}

describe("an interrupted or killed run", () => {
  it.each([["SIGINT", 130], ["SIGKILL", null]] as const)("after %s, resuming shows the unanswered prompt and sends nothing on its own", async (signal, code) => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Let me think about this" }, { type: "text", text: "never sent" }], interruption: { kind: "stall", afterBlocks: 1 } });
    let sent = false;
    const run = await runUrsa(["-p", "refactor the parser", "--output-format", "stream-json"], {
      cwd: project,
      env: env(home),
      onOutput: (child, out) => {
        if (!sent && out.stdout.includes(`"type":"text_delta"`)) {
          sent = true;
          child.kill(signal);
        }
      },
    });
    expect(run.code).toBe(code);
    if (signal === "SIGINT") expect(run.stderr).toContain("⚠ Interrupted");

    const before = server.requests.length;
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Picking up." }] });
    const resumed = await runUrsa(["--continue", "-p", "continue"], { cwd: project, env: env(home) });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('↻ Last turn was interrupted — your prompt was never answered: "refactor the parser"');
    // Exactly one request: the user's "continue"; the interrupted reply is not in it.
    expect(server.requests.length).toBe(before + 1);
    const messages = JSON.stringify((server.requests[before]!.body as { messages: unknown[] }).messages);
    expect(messages).toContain("refactor the parser");
    expect(messages).not.toContain("Let me think");
  });

  it("Ctrl+C while a Bash command runs: the call is stored as stopped by the user with its output so far, and resuming says it did not finish", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "b1", name: "Bash", input: { command: "echo ready; sleep 30; touch finished.txt" } }] });
    let sent = false;
    const run = await runUrsa(["-p", "build it", "--mode", "auto", "--output-format", "stream-json"], {
      cwd: project,
      env: env(home),
      onOutput: (child, out) => {
        if (!sent && /"type":"tool_output_line"[^\n]*"line":"ready"/.test(out.stdout)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(run.code).toBe(130);
    expect(existsSync(join(project, "finished.txt"))).toBe(false);

    const { resumed, messages } = await continueHeadless(project, home);
    expect(resumed.stderr).not.toContain("whether that finished is unknown");
    expect(messages).toContain("Stopped by the user: the user interrupted the turn while this call ran and Ursa stopped it, so it did not finish.");
    expect(messages).toContain("Output so far:\\nready");
    expect(messages).not.toContain("No result");
  }, 60_000);

  it("Esc at an approval leaves no 'outcome unknown': the call is stored as not run, and a later turn settles the session", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    execFileSync("git", ["init", "-q"], { cwd: project });
    mkdirSync(join(project, "out"));
    const term = new PtyTerminal(process.execPath, [BUNDLE, "--mode", "safe"], {
      cwd: project, cols: 160, rows: 48,
      env: { PATH: process.env["PATH"] ?? "", TERM: "xterm-256color", LANG: "C.UTF-8", ...env(home) },
    });
    try {
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "rm1", name: "Bash", input: { command: "rm -rf out" } }] });
      term.type("clean up\r");
      await term.waitFor("Approve Bash?");
      await term.waitFor("y approve");
      term.type("\x1b");
      await term.waitFor((screen) => !screen.includes("Approve Bash?"));
      // The keys right after a dialog closes on a key are dropped: the next prompt comes after a pause in typing.
      await new Promise((r) => setTimeout(r, 500));
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "Left it alone." }] });
      term.type("never mind\r");
      await term.waitFor("Left it alone.");
      term.type("\x04");
      expect(await term.exited).toBe(0);
    } finally {
      term.dispose();
    }
    expect(existsSync(join(project, "out"))).toBe(true);

    for (const _ of [1, 2]) {
      const { resumed, messages } = await continueHeadless(project, home);
      expect(resumed.stderr).not.toContain("interrupted");
      expect(messages).toContain("Not run");
      expect(messages).not.toContain("No result");
    }
  }, 60_000);
});
