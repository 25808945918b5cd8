/**
 * The defects a new user found in the dashboard (issue 12), each replayed as that user met it:
 * the built bundle on Node in a pseudo terminal, against the local Anthropic wire server.
 * Every assertion polls the screen; keys are fed, never timed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { startOpenAiWireServer } from "../wire/openai-wire-server.ts";
import { BUNDLE, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
let t: PtyTerminal | null = null;
beforeEach(async () => {
  server = await startAnthropicWireServer();
});
afterEach(async () => {
  t?.dispose();
  t = null;
  await server.close();
});

function launch(options: { home?: string; project?: string; env?: Record<string, string>; args?: string[] } = {}): PtyTerminal {
  const home = options.home ?? tempDir("ursa-home-");
  t = new PtyTerminal(process.execPath, [BUNDLE, ...(options.args ?? [])], {
    cwd: options.project ?? tempDir("ursa-project-"),
    cols: 160,
    rows: 48,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: home,
      URSA_HOME: home,
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      NCURSES_NO_UTF8_ACS: "1",
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: server.url,
      ...options.env,
    },
  });
  return t;
}

function send(term: PtyTerminal, text: string): void {
  term.type(text);
  term.type("\r");
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const UP = "\x1b[A";
const SHIFT_TAB = "\x1b[Z";
/** Longer than the pause in typing that ends a burst (the dashboard's TYPING_PAUSE_MS). */
const TYPING_PAUSE = 500;

/**
 * Answers the dialog in view with `key`, then pauses: the rest of the burst of typing that
 * closes a dialog is dropped, so the next keys must come after a pause, as a person's would.
 */
async function answer(term: PtyTerminal, key: string): Promise<void> {
  term.type(key);
  await pause(TYPING_PAUSE);
}

/** The input pane's text rows (between its borders). */
function inputRows(term: PtyTerminal): string[] {
  const rows = term.text().split("\n");
  const top = rows.findIndex((r) => r.includes(" Input "));
  const out: string[] = [];
  for (let i = top + 1; i < rows.length && !rows[i]!.startsWith("└"); i++) out.push(rows[i]!.replace(/^│|│\s*$/g, "").trimEnd());
  return out;
}

/** The last user message the model was sent, as text. */
function lastPrompt(): string {
  const body = server.requests.at(-1)!.body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] };
  const user = body.messages.filter((m) => m.role === "user").at(-1)!;
  return typeof user.content === "string" ? user.content : user.content.map((c) => c.text ?? "").join("\n");
}

/** A reply that streams `text` and then never ends (until interrupted). */
const stalling = (text: string) => ({ type: "message" as const, blocks: [{ type: "text" as const, text }, { type: "text" as const, text: "never" }], interruption: { kind: "stall" as const, afterBlocks: 1 } });

/** Quits an idle dashboard with Ctrl+D and starts it again on the same data directory and project. */
async function restart(term: PtyTerminal, options: { home: string; project: string; args?: string[] }): Promise<PtyTerminal> {
  term.type("\x04");
  expect(await term.exited).toBe(0);
  term.dispose();
  return launch(options);
}

/** Sends `prompt`, approves the one call its reply makes (`asked` sees the screen asking first), and waits for the reply after it. */
async function approvedTurn(term: PtyTerminal, prompt: string, reply: string, asked: (screen: string) => void = () => {}): Promise<void> {
  send(term, prompt);
  asked(await term.waitFor("y approve"));
  await answer(term, "y");
  await term.waitFor(reply);
}

/** /undo, confirmed, and what it said it did. */
async function undoConfirmed(term: PtyTerminal, said: string): Promise<void> {
  send(term, "/undo");
  await term.waitFor("Put back the files the newest turn changed?");
  await answer(term, "y");
  await term.waitFor(said);
}

const WRITE = (path: string, content: string, id = "w1") => ({ type: "tool_use" as const, id, name: "Write", input: { file_path: path, content } });
const bash = (id: string, command: string) => ({ type: "message" as const, blocks: [{ type: "tool_use" as const, id, name: "Bash", input: { command } }] });
const reply = (text: string) => ({ type: "message" as const, blocks: [{ type: "text" as const, text }] });

/** Sends `prompt`, sees the approval of `tool` open, rejects it and waits for the model's `after`. */
async function rejectWhenAsked(term: PtyTerminal, prompt: string, tool: string, after: string): Promise<void> {
  send(term, prompt);
  await term.waitFor(`Approve ${tool}?`);
  await term.waitFor("y approve");
  await answer(term, "n");
  await term.waitFor(after);
}

describe("the dashboard, as a new user met it (issue 12)", () => {
  it("1: keys typed ahead never answer an approval; it waits for a pause in typing and says so", async () => {
    const project = tempDir("ursa-project-");
    const term = launch({ project });
    await term.waitFor("● Input");
    server.enqueue({ type: "message", blocks: [WRITE("typed.txt", "x\n")] }, { type: "message", blocks: [{ type: "text", text: "done writing" }] });
    send(term, "write typed.txt");
    // Keep typing "y" (what would approve) as the modal opens, and on after it opened.
    let sawWaiting = false;
    let afterOpen = 0;
    for (let i = 0; i < 600 && afterOpen < 15; i++) {
      term.type("y");
      await pause(20);
      if (term.text().includes("Approve Write?")) {
        afterOpen++;
        sawWaiting ||= term.text().includes("waiting for a pause in typing");
      }
    }
    expect(afterOpen).toBe(15);
    expect(sawWaiting).toBe(true);
    // Typing stopped: the modal takes keys now, and none of the burst approved anything.
    await term.waitFor("y approve · a always allow");
    expect(existsSync(join(project, "typed.txt"))).toBe(false);
    term.type("y");
    await term.waitFor("done writing");
    expect(existsSync(join(project, "typed.txt"))).toBe(true);
  }, 60_000);

  it("2: tokens and cost move after every model call, not only when the turn ends", async () => {
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, "a.txt"), "alpha\n");
    const term = launch({ project });
    await term.waitFor("● Input");
    server.enqueue(
      { type: "message", usage: { input_tokens: 12_000, output_tokens: 300 }, blocks: [{ type: "tool_use", id: "r1", name: "Read", input: { file_path: "a.txt" } }] },
      stalling("still thinking"),
    );
    send(term, "read a.txt");
    await term.waitFor("still thinking");
    // The turn is still running; the first call's figures are already shown.
    await term.waitFor(/tok 12k in \/ 300 out/);
    await term.waitFor(/cost \$0\.\d{4}/);
    await term.waitFor(/running \d+s · \d+ msgs? · 12k/);
    term.type("\x1b");
    await term.waitFor("⚠ Interrupted");
  }, 60_000);

  it.each(["tmux-256color", "screen-256color"])("3: draws grey as grey under TERM=%s", async (TERM) => {
    const term = launch({ env: { TERM } });
    await term.waitFor("● Input");
    // The sessions pane's border (unfocused) is grey: palette colour 8, not black (0).
    const cell = term.term.buffer.active.getLine(0)!.getCell(0)!;
    expect(cell.getChars()).toBe("┌");
    expect(cell.isFgPalette()).toBe(true);
    expect(cell.getFgColor()).toBe(8);
  }, 60_000);

  it("4: the context figure stays a whole percentage after Shift+Tab", async () => {
    const term = launch();
    await term.waitFor("● Input");
    server.enqueue({ type: "message", usage: { input_tokens: 10_500, output_tokens: 5 }, blocks: [{ type: "text", text: "hello there" }] });
    send(term, "hi");
    await term.waitFor(/ctx 5%/);
    term.type(SHIFT_TAB);
    await term.waitFor("trust mode: auto");
    expect(term.text()).toMatch(/│ auto │ ctx 5% │/);
  }, 60_000);

  it("5: Ctrl+J adds a line to the prompt", async () => {
    const term = launch();
    await term.waitFor("● Input");
    term.type("line one");
    term.type("\n");
    term.type("line two");
    await term.waitFor(() => inputRows(term).join("|").startsWith("line one|line two"));
  }, 60_000);

  it("6: @-completion escapes a space, and that file is attached", async () => {
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, "my notes.md"), "SECRET-NOTE-42\n");
    const term = launch({ project });
    await term.waitFor("● Input");
    term.type("summarise @my");
    await term.waitFor("@my notes.md");
    term.type("\t");
    await term.waitFor(() => inputRows(term)[0]!.includes("summarise @my\\ notes.md"));
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "a summary" }] });
    term.type("\r");
    await term.waitFor("a summary");
    expect(lastPrompt()).toContain("SECRET-NOTE-42");
  }, 60_000);

  it("7: ↑ walks the history past a slash command", async () => {
    const term = launch();
    await term.waitFor("● Input");
    send(term, "/cost");
    await term.waitFor("No session yet: nothing spent.");
    send(term, "/mode");
    await term.waitFor("Trust mode: safe");
    term.type(UP);
    await term.waitFor(() => inputRows(term)[0] === "/mode");
    term.type(UP);
    await term.waitFor(() => inputRows(term)[0] === "/cost");
  }, 60_000);

  it("8: a command with optional arguments runs on one Enter; /model is validated and offers its choices", async () => {
    const term = launch();
    await term.waitFor("● Input");
    term.type("/model");
    await term.waitFor("show or switch the session's model");
    term.type("\r");
    await term.waitFor(/Model: claude-[\w.-]+ \(anthropic\)/);
    send(term, "/model /provider");
    await term.waitFor(/"\/provider" is not a model of anthropic/);
    term.type("/model ");
    await term.waitFor(/claude-sonnet-4-6 +a anthropic model[\s\S]*claude-haiku-4 +a anthropic model/);
    term.type("\x15"); // Ctrl+U
    term.type("/provider ");
    await term.waitFor(/anthropic +provider[\s\S]*gemini +provider/);
    term.type("\x15");
    send(term, "/provider nosuch");
    await term.waitFor(/Unknown provider "nosuch"; available: .*anthropic/);
  }, 60_000);

  it("9: the sessions highlight follows the open session: rename acts on it", async () => {
    const term = launch();
    await term.waitFor("● Input");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "one done" }] });
    send(term, "first task");
    await term.waitFor("one done");
    send(term, "/new");
    await term.waitFor("Conversation · new session");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "two done" }] });
    send(term, "second task");
    await term.waitFor("two done");
    await term.waitFor(/▶ second task/);
    term.type("\t\t"); // input → conversation → sessions
    await term.waitFor("● Sessions");
    term.type("r");
    await term.waitFor("Rename session");
    expect(term.text()).toMatch(/New title:[^\n]*\n[^\n]*│second task/);
  }, 60_000);

  it("10: the approval line comes before the tool's result", async () => {
    const term = launch();
    await term.waitFor("● Input");
    server.enqueue({ type: "message", blocks: [WRITE("order.txt", "o\n")] }, { type: "message", blocks: [{ type: "text", text: "written" }] });
    send(term, "write order.txt");
    await term.waitFor("y approve · a always allow");
    term.type("y");
    await term.waitFor("written");
    const screen = term.text();
    expect(screen.indexOf("needs approval")).toBeGreaterThan(-1);
    expect(screen.indexOf("needs approval")).toBeLessThan(screen.indexOf("✓ Write order.txt"));
  }, 60_000);

  it("11: Ctrl+D asks while a turn runs, and the session shows as interrupted after a restart", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    let term = launch({ home, project });
    await term.waitFor("● Input");
    server.enqueue(stalling("working on it"));
    send(term, "long job");
    await term.waitFor("working on it");
    term.type("\x04");
    await term.waitFor("1 turn running: press Ctrl+D again to interrupt it and quit");
    term.type("\x04");
    expect(await term.exited).toBe(0);
    term.dispose();
    term = launch({ home, project });
    await term.waitFor(/↻ long job[\s\S]*interrupted/);
  }, 60_000);

  describe("what a demanding user expects", () => {
    it("always allows a command prefix for the session from the approval; /permissions lists and removes it", async () => {
      const project = tempDir("ursa-project-");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue(bash("b1", "echo one > one.txt"), { type: "message", blocks: [{ type: "text", text: "first ran" }] });
      send(term, "run one");
      await term.waitFor("a always allow Bash(echo:*) (changes inside the project only) in this session");
      await answer(term, "a");
      await term.waitFor("first ran");
      await term.waitFor("always allowed in this session: Bash(echo:*)");
      // The same prefix runs without asking; another command still asks.
      server.enqueue(bash("b2", "echo two > two.txt"), bash("b3", "touch three.txt"), { type: "message", blocks: [{ type: "text", text: "second ran" }] });
      send(term, "run two");
      await term.waitFor("Approve Bash?");
      expect(existsSync(join(project, "two.txt"))).toBe(true);
      expect(term.text()).toContain("touch three.txt");
      await term.waitFor("y approve");
      await answer(term, "n");
      await term.waitFor("second ran");
      send(term, "/permissions");
      await term.waitFor("› allow Bash(echo:*)");
      term.type("d");
      await term.waitFor("none yet");
      await answer(term, "\x1b");
      await term.waitFor((screen) => !screen.includes("none yet"));
      server.enqueue(bash("b4", "echo four > four.txt"), reply("fourth asked"));
      await rejectWhenAsked(term, "run four", "Bash", "fourth asked");
      expect(existsSync(join(project, "four.txt"))).toBe(false);
    }, 60_000);

    it("always allowing a Write in the project does not let one outside it (even /tmp) run without asking (safe mode trial)", async () => {
      const project = tempDir("ursa-project-");
      const outside = tempDir("ursa-trial-outside-");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [WRITE("inside.txt", "in\n")] }, reply("inside written"));
      send(term, "write inside");
      await term.waitFor("a always allow Write (changes inside the project only) in this session");
      await answer(term, "a");
      await term.waitFor("inside written");
      expect(existsSync(join(project, "inside.txt"))).toBe(true);
      // Another file in the project runs without asking; the one outside asks, and a rejection keeps it unwritten.
      server.enqueue({ type: "message", blocks: [WRITE("second.txt", "2\n", "w2")] }, { type: "message", blocks: [WRITE(join(outside, "evil.txt"), "evil\n", "w3")] }, reply("outside tried"));
      await rejectWhenAsked(term, "write more", "Write", "outside tried");
      expect(existsSync(join(project, "second.txt"))).toBe(true);
      expect(existsSync(join(outside, "evil.txt"))).toBe(false);
      send(term, "/permissions");
      await term.waitFor("› allow Write: changes inside the project only");
    }, 60_000);

    it("always allowing rm for a file in the project does not let rm outside it run without asking", async () => {
      const project = tempDir("ursa-project-");
      const outside = tempDir("ursa-trial-outside-");
      writeFileSync(join(project, "inside.txt"), "in\n");
      writeFileSync(join(outside, "x"), "keep\n");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue(bash("b1", "rm inside.txt"), reply("inside removed"));
      send(term, "remove inside");
      await term.waitFor("a always allow Bash(rm:*) (changes inside the project only) in this session");
      await answer(term, "a");
      await term.waitFor("inside removed");
      expect(existsSync(join(project, "inside.txt"))).toBe(false);
      server.enqueue(bash("b2", `rm -rf ${join(outside, "x")}`), reply("outside tried"));
      await rejectWhenAsked(term, "remove outside", "Bash", "outside tried");
      expect(existsSync(join(outside, "x"))).toBe(true);
    }, 60_000);

    it("shows each running session's progress: elapsed time, the tool it runs, waiting for you", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "s1", name: "Bash", input: { command: "touch slow.txt && sleep 30" } }] });
      send(term, "slow");
      await term.waitFor(/waiting for you \d+s/);
      await term.waitFor("y approve");
      term.type("y");
      await term.waitFor(/running \d+s · Bash/);
      term.type("\x03"); // Ctrl+C interrupts the running turn, as Esc does
      await term.waitFor("⚠ Interrupted");
      await term.waitFor(/↻ ▶ slow/);
      term.type("\x03");
      await term.waitFor("Press Ctrl+C again to quit");
      term.type("\x03");
      expect(await term.exited).toBe(0);
    }, 60_000);
  });

  describe("13: the last small ones", () => {
    it("/undo removes the directories the turn created, not one that was there before", async () => {
      const project = tempDir("ursa-project-");
      mkdirSync(join(project, "was-there"));
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [WRITE("was-there/new/deeper/a.txt", "a\n")] }, { type: "message", blocks: [{ type: "text", text: "nested written" }] });
      await approvedTurn(term, "write deep", "nested written");
      expect(existsSync(join(project, "was-there/new/deeper/a.txt"))).toBe(true);
      await undoConfirmed(term, "↶ undid a turn: 0 restored, 3 removed");
      expect(existsSync(join(project, "was-there/new"))).toBe(false);
      expect(existsSync(join(project, "was-there"))).toBe(true);
    }, 60_000);

    it("the usage line under each turn comes back when the session is opened again", async () => {
      const home = tempDir("ursa-home-");
      const project = tempDir("ursa-project-");
      let term = launch({ home, project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", usage: { input_tokens: 12_000, output_tokens: 300 }, blocks: [{ type: "text", text: "first answer" }] });
      send(term, "first question");
      const footer = /12k in · 300 out · \$0\.\d{4} · \d+\.\ds · \d+ tok\/s/;
      await term.waitFor(footer);
      const live = footer.exec(term.text())![0];
      term = await restart(term, { home, project, args: ["--continue"] });
      await term.waitFor("first answer");
      await term.waitFor(live);
    }, 60_000);

    it("Esc drops the queued prompt, and its (queued) line goes with it", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue(stalling("busy answering"));
      send(term, "long one");
      await term.waitFor("busy answering");
      send(term, "and also this");
      await term.waitFor("and also this  (queued)");
      term.type("\x1b");
      await term.waitFor("⚠ Interrupted");
      await term.waitFor((screen) => !screen.includes("and also this"));
    }, 60_000);

    it("a failed run shows failed and why (in the words `ursa -p` prints) in the sessions pane, not interrupted, also after a restart", async () => {
      const home = tempDir("ursa-home-");
      const project = tempDir("ursa-project-");
      let term = launch({ home, project });
      await term.waitFor("● Input");
      server.enqueue({ type: "http_error", status: 401, errorType: "authentication_error", message: "invalid x-api-key" });
      send(term, "refused one");
      await term.waitFor(/✗ (?:▶ )?refused one[\s\S]*failed: Anthropic rejected/);
      expect(term.text()).not.toMatch(/refused one[\s\S]{0,200}interrupted/);
      term = await restart(term, { home, project });
      await term.waitFor(/✗ (?:▶ )?refused one[\s\S]*failed: Anthropic rejected/);
      term.type("\t\t");
      await term.waitFor("● Sessions");
      term.type("\r");
      await term.waitFor("✗ Last turn failed — Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY");
    }, 60_000);
  });

  describe("14: the last small ones, continued", () => {
    it("a queued prompt loses its (queued) mark once a request takes it", async () => {
      const project = tempDir("ursa-project-");
      // `cat` of a named pipe (read-only: it runs without asking) holds the turn until the test writes to it.
      execFileSync("mkfifo", [join(project, "gate")]);
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "g1", name: "Bash", input: { command: "cat gate" } }] }, { type: "message", blocks: [{ type: "text", text: "took both" }] });
      send(term, "wait at the gate");
      await term.waitFor(/running \d+s · Bash/);
      send(term, "and then this");
      await term.waitFor("and then this  (queued)");
      writeFileSync(join(project, "gate"), "open\n");
      await term.waitFor("took both");
      expect(lastPrompt()).toContain("and then this");
      await term.waitFor((screen) => screen.includes("› and then this") && !screen.includes("(queued)"));
    }, 60_000);

    it("a turn stopped at the loop cap says stopped: loop cap in the sessions pane, also after a restart", async () => {
      const home = tempDir("ursa-home-");
      const project = tempDir("ursa-project-");
      writeFileSync(join(project, "f.txt"), "f\n");
      let term = launch({ home, project });
      await term.waitFor("● Input");
      // The dashboard's cap is 200 rounds: 200 replies that each read a file (read-only: nobody is asked).
      server.enqueue(...Array.from({ length: 200 }, (_, i) => ({ type: "message" as const, blocks: [{ type: "tool_use" as const, id: `r${i}`, name: "Read", input: { file_path: "f.txt" } }] })));
      send(term, "read forever");
      await term.waitFor("s stop · 5 continue 50 · 2 continue 200");
      await answer(term, "s");
      await term.waitFor(/■ (?:▶ )?read forever[\s\S]*stopped: loop cap/);
      expect(term.text()).not.toMatch(/read forever[\s\S]{0,200}interrupted/);
      term = await restart(term, { home, project });
      await term.waitFor(/■ (?:▶ )?read forever[\s\S]*stopped: loop cap/);
    }, 120_000);

    it("a one-line file is previewed as 1 line", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [WRITE("one.txt", "only\n")] }, { type: "message", blocks: [{ type: "text", text: "one written" }] });
      await approvedTurn(term, "write one line", "one written", (asked) => expect(asked).toMatch(/new file \S*one\.txt · 1 line · 5 bytes/));
    }, 60_000);

    it("/undo takes back a turn that only created directories", async () => {
      const project = tempDir("ursa-project-");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "m1", name: "Bash", input: { command: "mkdir -p a/b/c" } }] }, { type: "message", blocks: [{ type: "text", text: "made them" }] });
      await approvedTurn(term, "make directories", "made them");
      expect(existsSync(join(project, "a/b/c"))).toBe(true);
      await undoConfirmed(term, "↶ undid a turn: 0 restored, 3 removed");
      expect(existsSync(join(project, "a"))).toBe(false);
    }, 60_000);
  });

  describe("12: the smaller ones", () => {
    it("Ctrl+U and Ctrl+W edit a modal's text field: rename replaces the title", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
      send(term, "old title words");
      await term.waitFor(/▶ old title words/);
      term.type("\t\t");
      await term.waitFor("● Sessions");
      term.type("r");
      await term.waitFor("Rename session");
      term.type("\x17"); // Ctrl+W: "old title "
      term.type("\x15"); // Ctrl+U: empty
      send(term, "fresh name");
      await term.waitFor(/▶ fresh name/);
    }, 60_000);

    it("approval previews count lines right, and /undo says there is nothing before asking", async () => {
      const term = launch();
      await term.waitFor("● Input");
      send(term, "/undo");
      await term.waitFor("No session, nothing to undo.");
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "nothing changed" }] });
      send(term, "just talk");
      await term.waitFor("nothing changed");
      send(term, "/undo");
      await term.waitFor("No turn left to undo.");
      expect(term.text()).not.toContain("Put back the files");
      server.enqueue({ type: "message", blocks: [WRITE("four.txt", "1\n2\n3\n4\n")] }, { type: "message", blocks: [{ type: "text", text: "four written" }] });
      send(term, "write four lines");
      await term.waitFor("y approve");
      expect(term.text()).toMatch(/new file \S*four\.txt · 4 lines/);
      term.type("y");
      await term.waitFor("four written");
    }, 60_000);

    it("finished notices leave the status bar; the first turn shows its title", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue(stalling("begun"));
      send(term, "title me please");
      await term.waitFor("begun");
      await term.waitFor("Conversation · title me please · running");
      term.type("\x1b");
      await term.waitFor("⚠ Interrupted");
      expect(term.text()).not.toContain("interrupting…");
    }, 60_000);
  });

  it("a new session on a local server (vLLM) names the server's model on the status bar before the first request", async () => {
    const vllm = await startOpenAiWireServer({ modelInfo: { models: [{ id: "Qwen/Qwen3-8B", entry: { max_model_len: 32_768 } }] } });
    try {
      const term = launch({ args: ["--provider", "vllm", "--base-url", vllm.baseUrl] });
      await term.waitFor("● Input");
      // Asked of the server (GET /v1/models), which is what the session will use: nothing was sent to the model.
      await term.waitFor(/ vllm Qwen\/Qwen3-8B │ safe/);
      expect(vllm.chatRequests()).toHaveLength(0);
      vllm.enqueue({ type: "completion", text: "served by vllm" });
      send(term, "hello");
      await term.waitFor("served by vllm");
      expect(vllm.chatRequests().at(-1)!.body).toMatchObject({ model: "Qwen/Qwen3-8B" });
      expect(term.text()).toMatch(/ vllm Qwen\/Qwen3-8B │ safe/);
    } finally {
      await vllm.close();
    }
  }, 60_000);

  describe("15: a new user's trial of typing, /model, keys and quitting", () => {
    it("keys typed on after /undo's dialog closed on n are dropped, not sent", async () => {
      const project = tempDir("ursa-project-");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [WRITE("u.txt", "u\n")] }, reply("wrote u"));
      await approvedTurn(term, "write u.txt", "wrote u");
      const requests = server.requests.length;
      send(term, "/undo");
      await term.waitFor("Put back the files the newest turn changed?");
      // One burst: its n answers the dialog; the "s⏎" after it must not reach the model.
      term.type("/permissions\r");
      await term.waitFor("rest of that typing was dropped");
      await pause(TYPING_PAUSE);
      send(term, "/mode");
      await term.waitFor("Trust mode: safe");
      expect(server.requests.length).toBe(requests);
      expect(existsSync(join(project, "u.txt"))).toBe(true);
      expect(inputRows(term).join("")).toBe("");
    }, 60_000);

    it("typing \"yes please\" into an approval approves it and leaves nothing in the input", async () => {
      const project = tempDir("ursa-project-");
      const term = launch({ project });
      await term.waitFor("● Input");
      server.enqueue({ type: "message", blocks: [WRITE("p.txt", "p\n")] }, reply("wrote p"));
      send(term, "write p.txt");
      await term.waitFor("y approve · a always allow");
      term.type("yes please");
      await term.waitFor("wrote p");
      await term.waitFor("rest of that typing was dropped");
      expect(existsSync(join(project, "p.txt"))).toBe(true);
      expect(inputRows(term).join("")).not.toContain("please");
    }, 60_000);

    it("/model refuses a name the provider has not, and extra words; a switch says so once", async () => {
      const term = launch();
      await term.waitFor("● Input");
      send(term, "/model not-a-real-model");
      await term.waitFor(/"not-a-real-model" is not a model of anthropic; choose one of: claude-/);
      send(term, "/model gpt-4o");
      await term.waitFor(/"gpt-4o" is not a model of anthropic/);
      send(term, "/model foo bar");
      await term.waitFor("Usage: /model [name]");
      send(term, "/provider anthropic claude-haiku-4-5 extra");
      await term.waitFor("Usage: /provider [name] [model]");
      expect(term.text()).not.toMatch(/Now using/);
      send(term, "/model claude-haiku-4-5");
      await term.waitFor("Now using claude-haiku-4-5 (anthropic).");
      // The status bar moved with the switch: whatever the switch says has been said.
      send(term, "/model");
      await term.waitFor("Model: claude-haiku-4-5 (anthropic)");
      expect(term.text().match(/Now using/g)).toHaveLength(1);
      // A name in Anthropic's own naming that Ursa's list does not have yet (a newer model) is taken, unchecked.
      send(term, "/model claude-nova-9");
      await term.waitFor(/"claude-nova-9" is not in Ursa's list of anthropic models, so it is not checked/);
      await term.waitFor("Now using claude-nova-9 (anthropic).");
    }, 60_000);

    it("without an API key the prompt stays in the input, and a keys.json written meanwhile is used on Enter", async () => {
      const home = tempDir("ursa-home-");
      const term = launch({ home, env: { ANTHROPIC_API_KEY: "" } });
      await term.waitFor(`${home}/keys.json`);
      term.type("hello there");
      term.type("\r");
      await term.waitFor("Your prompt is kept in the input");
      expect(inputRows(term)[0]).toBe("hello there");
      writeFileSync(join(home, "keys.json"), JSON.stringify({ ANTHROPIC_API_KEY: "sk-test" }), { mode: 0o600 });
      server.enqueue(reply("hello back"));
      term.type("\r");
      await term.waitFor("hello back");
      expect(lastPrompt()).toContain("hello there");
    }, 60_000);

    it("/permissions wraps its long lines instead of cutting them", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue(reply("first reply here"));
      send(term, "hello");
      await term.waitFor("first reply here");
      send(term, "/permissions");
      await term.waitFor("Always allowed in this session");
      await term.waitFor(/its path, e\.g\. +│[^\n]*\n[^\n]*│Edit\(\/\/tmp\/\*\*\)\./);
    }, 60_000);

    it("Ctrl+D quits from the sessions pane that --resume opens on", async () => {
      const term = launch({ args: ["--resume"] });
      await term.waitFor("Pick a session to resume");
      await term.waitFor("● Sessions");
      term.type("\x04");
      expect(await Promise.race([term.exited, pause(15_000).then(() => "still running")])).toBe(0);
    }, 60_000);

    it("Ctrl+D in the conversation pane asks first while a turn runs, then quits", async () => {
      const term = launch();
      await term.waitFor("● Input");
      server.enqueue(stalling("working on it"));
      send(term, "long job");
      await term.waitFor("working on it");
      term.type("\t");
      await term.waitFor("● Conversation");
      term.type("\x04");
      await term.waitFor("1 turn running: press Ctrl+D again to interrupt it and quit");
      term.type("\x04");
      expect(await term.exited).toBe(0);
    }, 60_000);
  });
});
