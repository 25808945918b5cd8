/**
 * Control sequences in the model's text and in tool output must not reach the user's terminal:
 * Ursa runs in a real pseudo terminal, headless and as the dashboard, and the raw bytes it writes
 * are checked for the hostile sequences (OSC 52 clipboard write, title change, screen clear).
 */
import pty from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { screenText } from "../../ui/tui/testing/virtual-terminal.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { BUNDLE, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07";
const TITLE = "\x1b]0;pwned-title\x07";
const CLEAR = "\x1b[2J\x1b[H";
const HOSTILE = [CLIPBOARD, TITLE, CLEAR, "]52;c;cm0gLXJmIH4K\x07", "\x1b]0;pwned"];

function spawn(args: string[], home: string, project: string) {
  const term = pty.spawn(process.execPath, [BUNDLE, ...args], {
    name: "xterm-256color",
    cols: 140,
    rows: 40,
    cwd: project,
    env: { PATH: process.env["PATH"] ?? "", HOME: home, URSA_HOME: home, TERM: "xterm-256color", LANG: "C.UTF-8", ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url },
  });
  // The raw bytes are checked for the sequences; a terminal emulator shows the screen and the title.
  const screen = new xterm.Terminal({ cols: 140, rows: 40, allowProposedApi: true });
  const titles: string[] = [];
  screen.onTitleChange((title) => titles.push(title));
  let raw = "";
  term.onData((data) => {
    raw += data;
    screen.write(data);
  });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const until = async (text: string) => {
    for (let i = 0; i < 200; i++) {
      if (screenText(screen).includes(text)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`never saw ${JSON.stringify(text)} on the screen:\n${screenText(screen)}`);
  };
  return { term, raw: () => raw, exited, until, titles };
}

describe("control sequences from the model and from tools", () => {
  it("never reach the terminal in a headless run on a TTY (reply on stdout, tool output on stderr)", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "b1", name: "Bash", input: { command: `printf 'tool says \\033]52;c;cm0gLXJmIH4K\\007 and \\033]0;pwned-title\\007 done\\n'` } }] },
      { type: "message", blocks: [{ type: "text", text: `Model says ${CLIPBOARD}${TITLE}${CLEAR}finished.` }] },
    );
    const run = spawn(["-p", "hello", "--mode", "auto"], home, project);
    expect(await run.exited).toBe(0);
    const raw = run.raw();
    expect(raw).toContain("Model says finished.");
    expect(raw).toContain("tool says  and  done");
    for (const sequence of HOSTILE) expect(raw.includes(sequence)).toBe(false);
    expect(run.titles).toEqual([]);
  });

  it("never reach the terminal from the dashboard's panes", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const run = spawn([], home, project);
    try {
      await run.until("Input");
      server.enqueue(
        { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "TodoWrite", input: { todos: [{ content: `todo ${CLIPBOARD}${TITLE}item`, status: "in_progress", priority: "high" }] } }] },
        { type: "message", blocks: [{ type: "text", text: `Pane text ${CLIPBOARD}${TITLE}${CLEAR}visible-end` }] },
      );
      run.term.write("hello\r");
      await run.until("visible-end");
      await run.until("todo item");
      for (const sequence of HOSTILE) expect(run.raw().includes(sequence)).toBe(false);
      expect(run.titles.filter((title) => title.includes("pwned"))).toEqual([]);
    } finally {
      run.term.kill("SIGKILL");
    }
  });
});
