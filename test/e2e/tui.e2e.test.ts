/**
 * The dashboard as users run it: the built bundle on Node and the source on Deno, each in a
 * pseudo terminal, against the local Anthropic wire server. Every assertion polls the screen.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { BUNDLE, DENO, DENO_FLAGS, ROOT, tempDir } from "../support/cli.ts";

// One wire server per test, so replies left over by a failed test cannot leak into the next.
let server: AnthropicWireServer;
beforeEach(async () => {
  server = await startAnthropicWireServer();
});
afterEach(async () => {
  await server.close();
});

function launch(runtime: "node" | "deno", options: { home: string; project: string; env?: Record<string, string>; cols?: number; rows?: number }): PtyTerminal {
  const [command, args] = runtime === "deno"
    ? [DENO, ["run", ...DENO_FLAGS, "--config", join(ROOT, "deno.json"), join(ROOT, "adapters/main/main.ts")]]
    : [process.execPath, [BUNDLE]];
  return new PtyTerminal(command, args, {
    cwd: options.project,
    cols: options.cols ?? 160,
    rows: options.rows ?? 48,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: options.home,
      URSA_HOME: options.home,
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      NCURSES_NO_UTF8_ACS: "1",
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: server.url,
      ...options.env,
    },
  });
}

function send(t: PtyTerminal, text: string): void {
  t.type(text);
  t.type("\r");
}

describe.each(["node", "deno"] as const)("the dashboard on %s", (runtime) => {
  it("streams, runs tools into the todos and files panes, approves by key, interrupts, runs two sessions, resizes and restores the terminal", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const t = launch(runtime, { home, project });
    try {
      await t.waitFor("● Input", 30_000);
      expect(t.text()).toMatch(/Sessions[\s\S]*Conversation[\s\S]*Todos[\s\S]*Files/);
      expect(t.text()).toContain("anthropic claude-");

      // Text streams (seen half-written), a todo list and a file write, the write approved with y.
      server.enqueue(
        {
          type: "message",
          eventDelayMs: 150,
          blocks: [
            { type: "text", text: "Streaming alpha, then beta, and finally omega." },
            { type: "tool_use", id: "todo_1", name: "TodoWrite", input: { todos: [{ content: "write hello", status: "in_progress", priority: "high" }, { content: "tell the user", status: "pending", priority: "low" }] } },
            { type: "tool_use", id: "write_1", name: "Write", input: { file_path: "hello.txt", content: "hello\nworld\n" } },
          ],
        },
        { type: "message", blocks: [{ type: "text", text: "All done: hello.txt written." }] },
      );
      send(t, "make hello");
      await t.waitFor((s) => s.includes("Streaming alpha") && !s.includes("omega"));
      await t.waitFor("◐ ! write hello");
      expect(t.text()).toContain("☐ tell the user");
      await t.waitFor("Approve Write?");
      expect(t.text()).toContain("+hello");
      await t.waitFor("y approve"); // it takes keys after a pause in typing
      t.type("y");
      // The rest of a burst of typing that closes a dialog is dropped: the next prompt comes after a pause.
      await new Promise((r) => setTimeout(r, 500));
      await t.waitFor("All done: hello.txt written.");
      await t.waitFor("A hello.txt +2 -0");
      expect(readFileSync(join(project, "hello.txt"), "utf8")).toBe("hello\nworld\n");
      await t.waitFor(/○ ▶ make hello[\s\S]*idle · \d+ msgs?/);
      expect(t.text()).toMatch(/tok \d+ in \/ \d+ out/);

      // Esc interrupts a reply that stalls mid-stream.
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "A long answer begins" }, { type: "text", text: "never sent" }], interruption: { kind: "stall", afterBlocks: 1 } });
      send(t, "go long");
      await t.waitFor("A long answer begins");
      t.type("\x1b");
      await t.waitFor("⚠ Interrupted");
      await t.waitFor(/↻ ▶ make hello[\s\S]*interrupted/);

      // Two sessions at once: the first stalls (running) while the second completes.
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "first is working" }], interruption: { kind: "stall", afterBlocks: 1 } });
      send(t, "/new");
      await t.waitFor("Conversation · new session");
      send(t, "first job");
      await t.waitFor("first is working");
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "second finished" }] });
      send(t, "/new");
      await t.waitFor("Conversation · new session");
      send(t, "second job");
      await t.waitFor("second finished");
      await t.waitFor(/● first job\s[\s\S]*running \d+s · \d+ msgs?/);
      await t.waitFor(/○ ▶ second job[\s\S]*idle/);
      expect(t.text()).toMatch(/tok[^│]*│ cost [^│]*│ MCP off │ sync off │ 1 running/);

      // Resize to 80×24 (side panes collapse) and back.
      t.resize(80, 24);
      await t.waitFor((s) => !s.includes("Todos") && !s.includes("Sessions") && s.includes("second finished"));
      t.resize(160, 48);
      await t.waitFor((s) => s.includes("Todos") && s.includes("Sessions") && s.includes("Files"));

      // Ctrl+C twice quits (the running session is interrupted and stored) and leaves the alternate screen.
      t.type("\x03");
      await t.waitFor("Press Ctrl+C again to quit");
      t.type("\x03");
      expect(await t.exited).toBe(0);
      await t.waitFor(() => !t.isAlternateScreen);
      expect(existsSync(join(home, "ursa.db"))).toBe(true);
    } finally {
      t.dispose();
    }
  }, 120_000);
});

describe("the dashboard without a provider", () => {
  it("opens, says how to configure one, sends nothing, and quits with Ctrl+D", async () => {
    const home = tempDir("ursa-home-");
    const before = server.requests.length;
    const t = launch("node", { home, project: tempDir("ursa-project-"), env: { ANTHROPIC_API_KEY: "" } });
    try {
      await t.waitFor("No API key for anthropic: set ANTHROPIC_API_KEY");
      send(t, "hello?");
      await t.waitFor("Your prompt is kept in the input");
      t.type("\x15"); // Ctrl+U empties the input; Ctrl+D on an empty input quits
      t.type("\x04");
      expect(await t.exited).toBe(0);
      expect(server.requests.length).toBe(before);
    } finally {
      t.dispose();
    }
  }, 60_000);

  it("restores the terminal on SIGTERM", async () => {
    const t = launch("node", { home: tempDir("ursa-home-"), project: tempDir("ursa-project-") });
    try {
      await t.waitFor("● Input");
      process.kill(t.pid, "SIGTERM");
      expect(await t.exited).toBe(143);
      await t.waitFor(() => !t.isAlternateScreen);
    } finally {
      t.dispose();
    }
  }, 60_000);
});
