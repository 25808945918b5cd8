/**
 * The real dashboard in memory: blessed draws into @xterm/headless through PassThrough streams,
 * keys are typed into it, and the engine underneath is the real one with a scripted model.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionService } from "../../core/application/session-service.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply, usage } from "../../test/fakes/scripted-provider.ts";
import { McpServerManager } from "../../adapters/mcp-client/mod.ts";
import { FIXTURE } from "../../test/fixtures/mcp-servers.ts";
import { runTui } from "./run-tui.ts";
import { VirtualTerminal } from "./testing/virtual-terminal.ts";

let h: Harness;
let vt: VirtualTerminal;
let exit: Promise<number>;
let layoutFile: string;

async function start(cols = 160, rows = 48, mcp?: McpServerManager, firstRun?: { problem: string; servers: { name: string; label: string; baseUrl: string; models: string[] }[] }): Promise<void> {
  vt = new VirtualTerminal(cols, rows);
  const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id, mode }) => h.newSessionFor(id, { mode }) });
  exit = runTui({
    engine: async () => ({ sessions, events: h.bus, ...(mcp ? { mcp } : {}) }),
    log: SILENT_LOGGER,
    projectRoot: h.dir,
    defaultMode: "safe",
    provider: "scripted",
    model: "test-model",
    providerProblem: firstRun?.problem ?? null,
    ...(firstRun ? { localServers: async () => firstRun.servers } : {}),
    layoutFile,
    noColor: true,
    input: vt.streams.input,
    output: vt.streams.output,
    terminal: "xterm-256color",
    ownProcess: false,
  });
  await vt.waitFor("● Input");
}

/** Types text then Enter, as separate chunks (a chunk ending in "\r" would be read as one key). */
function send(text: string): void {
  vt.type(text);
  vt.type("\r");
}

/** Lets a burst of typing end: the keys right after a dialog closes on a key are dropped (a pause of 300 ms ends the burst). */
const burstEnds = (): Promise<void> => new Promise((r) => setTimeout(r, 400));

beforeEach(async () => {
  h = await createHarness({ mode: "safe" });
  layoutFile = join(mkdtempSync(join(tmpdir(), "ursa-layout-")), "tui-layout.json");
});
afterEach(async () => {
  vt.dispose();
  await h.cleanup();
});

describe("dashboard in a virtual terminal", () => {
  it("streams a reply, asks approval by key, fills the files and todos panes, and quits cleanly", async () => {
    await start();
    h.provider.push(
      [{ type: "text_delta", text: "# Plan\nI will write " }, { type: "text_delta", text: "**note.txt** now." }, { type: "tool_call_ready", call: { id: "w1", name: "Write", arguments: JSON.stringify({ file_path: "note.txt", content: "one\ntwo\n" }) } }, { type: "done", usage: usage({ stopReason: "tool_use" }) }],
      textReply("Wrote note.txt."),
    );
    send("please write a note");
    await vt.waitFor("Approve Write?");
    expect(vt.text()).toContain("+one");
    expect(vt.text()).toContain("I will write note.txt now.");
    await vt.waitFor("y approve"); // it takes keys after a pause in typing
    vt.type("y");
    await burstEnds();
    await vt.waitFor("Wrote note.txt.");
    expect(readFileSync(join(h.dir, "note.txt"), "utf8")).toBe("one\ntwo\n");
    await vt.waitFor("A note.txt +2 -0");
    await vt.waitFor(/idle · \d+ msgs?/);
    expect(vt.text()).toContain("please write a note"); // the session's title in the sessions pane
    expect(vt.text()).toMatch(/✓ Write note\.txt/);

    vt.type("\t\t\t\t"); // input → conversation → sessions → todos → files
    await vt.waitFor("● Files");
    vt.type("\x1b[B"); // ↓ selects the first change
    await vt.waitFor("› A note.txt +2 -0");
    vt.type("\r");
    await vt.waitFor("+++ b/note.txt");
    expect(vt.text()).toContain("--- /dev/null");
    expect(vt.text()).toMatch(/\+one[\s\S]*\+two/);
    vt.type("\x1b"); // Esc closes the diff
    await vt.waitFor((t) => !t.includes("+++ b/note.txt"));
    await burstEnds();

    vt.type("\t\t\t\t\t"); // files → plugins → input → conversation → sessions → todos
    await vt.waitFor("● Todos");
    vt.type("a");
    await vt.waitFor("Add todo");
    send("check the note");
    await vt.waitFor("☐ check the note");
    await burstEnds();
    vt.type("x");
    await vt.waitFor("◐ check the note");

    vt.type("\x03");
    await vt.waitFor("Press Ctrl+C again to quit");
    vt.type("\x03");
    expect(await exit).toBe(0);
    await vt.waitFor(() => !vt.isAlternateScreen);
  });

  it("answers AskUser by key, queues text sent during a turn, and interrupts with Esc", async () => {
    await start();
    h.provider.push(
      toolReply([{ name: "AskUser", input: { question: "Which colour?", options: ["red", "blue"] } }]),
      (request) => textReply(`You chose: ${JSON.stringify(request.messages.at(-1)).includes("blue") ? "blue" : "?"}`),
    );
    send("pick a colour");
    await vt.waitFor("The agent asks");
    expect(vt.text()).toContain("2. blue");
    await vt.waitFor("1–9 or ↑/↓ Enter choose"); // it takes keys after a pause in typing
    vt.type("2");
    await burstEnds();
    await vt.waitFor("You chose: blue");

    h.provider.push({ chunks: [{ type: "text_delta", text: "thinking about it" }], waitForAbort: true });
    send("long job");
    await vt.waitFor("thinking about it");
    send("and also this");
    await vt.waitFor("› and also this  (queued)");
    vt.type("\x1b");
    await vt.waitFor("⚠ Interrupted");
    await vt.waitFor(/interrupted · \d+ msgs?/);
    vt.type("\x04"); // Ctrl+D on an empty input quits
    expect(await exit).toBe(0);
  });

  it("AskUser with options takes a typed answer: the text shows, Enter sends it", async () => {
    await start();
    h.provider.push(
      toolReply([{ name: "AskUser", input: { question: "Which colour?", options: ["red", "blue"] } }]),
      (request) => textReply(`Answer was: ${/green/.test(JSON.stringify(request.messages.at(-1))) ? "green" : "not green"}`),
    );
    send("pick a colour");
    await vt.waitFor("1–9 or ↑/↓ Enter choose"); // it takes keys after a pause in typing
    vt.type("green");
    await vt.waitFor(/│? *green/);
    expect(vt.text()).toContain("1. red");
    vt.type("\r");
    await vt.waitFor("Answer was: green");
    vt.type("\x04");
    expect(await exit).toBe(0);
  });

  it("Ctrl+C with a draft and nothing running clears it, says ↑ brings it back, and ↑ does", async () => {
    await start();
    vt.type("half-written draft");
    await vt.waitFor("half-written draft");
    vt.type("\x03");
    await vt.waitFor("↑ brings it back");
    expect(vt.text()).not.toContain("half-written draft");
    vt.type("\x1b[A");
    await vt.waitFor("half-written draft");
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  for (const [cols, rows] of [[80, 24], [160, 48]] as const) {
    it(`the approval dialog shows every key of its hint at ${cols}×${rows}`, async () => {
      await start(cols, rows);
      h.provider.push(toolReply([{ name: "Bash", input: { command: "npm run build --workspace packages/something-long" } }]), textReply("done"));
      send("build it");
      await vt.waitFor("Approve Bash?");
      await vt.waitFor("y approve"); // it takes keys after a pause in typing
      const text = vt.text();
      for (const key of ["y approve", "a always allow", "n reject", "f reject with feedback", "Esc interrupt", "↑/↓ scroll"]) expect(text).toContain(key);
      vt.type("n");
      await vt.waitFor("done");
    });
  }

  it("runs two sessions at once and shows both moving in the sessions pane", async () => {
    await start();
    h.provider.push({ chunks: [{ type: "text_delta", text: "first is busy" }], waitForAbort: true });
    send("first session");
    await vt.waitFor("first is busy");
    send("/new");
    await vt.waitFor("new session");
    h.provider.push(textReply("second done"));
    send("second session");
    await vt.waitFor("second done");
    await vt.waitFor(/running \d+s · \d+ msgs?/); // the elapsed time ticks
    const text = vt.text();
    expect(text).toContain("first session");
    expect(text).toContain("second session");
    expect(text).toMatch(/● (▶ )?first session/);
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("nests a working sub-agent under its session; clicking it opens its live conversation; Esc on the parent stops it", async () => {
    await start();
    h.provider.push(
      toolReply([{ name: "Task", input: { description: "survey the tree", prompt: "List what is here." } }]),
      { chunks: [{ type: "text_delta", text: "child is surveying" }], waitForAbort: true },
    );
    send("look around");
    await vt.waitFor(/● ↳ survey the tree/);
    vt.type("\x1b[<0;5;5M"); // the sub-agent's row, right under its parent
    vt.type("\x1b[<0;5;5m");
    await vt.waitFor("↳ ▶ survey the tree");
    await vt.waitFor("Conversation · survey the tree · running");
    expect(vt.text()).toContain("List what is here.");
    vt.type("\x1b[<0;5;3M"); // back to the parent, which is waiting for its Task call
    vt.type("\x1b[<0;5;3m");
    await vt.waitFor("▶ look around");
    vt.type("\x1b");
    await vt.waitFor("⚠ Interrupted");
    await vt.waitFor("↻ ↳ survey the tree"); // the sub-agent was interrupted with it
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("resizes down to 80×24 and back, collapsing side panes, and remembers pane sizes", async () => {
    await start();
    vt.type("\t\t"); // sessions
    await vt.waitFor("● Sessions");
    vt.type("\x1b[1;3C"); // Alt+→ widens the sessions pane
    await vt.waitFor((t) => t.split("\n")[0]!.indexOf("┐┌") === 33);
    vt.resize(80, 24);
    await vt.waitFor((t) => !t.includes("Todos") && t.includes("Sessions"));
    vt.type("\t"); // sessions → todos: shown over the conversation
    await vt.waitFor("● Todos");
    expect(vt.text()).toContain("no session yet");
    vt.resize(160, 48);
    await vt.waitFor((t) => t.includes("Todos") && t.includes("Files") && t.includes("Sessions"));
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
    expect(existsSync(layoutFile)).toBe(true);
    expect(JSON.parse(readFileSync(layoutFile, "utf8"))).toMatchObject({ panes: { sessions: { width: 34 } } });
  });

  it("shows the interruption banner on opening a session and waits; \"continue\" answers the stored prompt", async () => {
    const old = await h.newSession();
    await h.store.messages.insertMessage(old.id, { role: "user", content: "refactor the parser", complete: true });
    await h.store.sessions.setSessionTitle(old.id, "refactor the parser");
    await start();
    await vt.waitFor("refactor the parser");
    vt.type("\t\t");
    await vt.waitFor("● Sessions");
    vt.type("\r"); // the most recently active session is listed first
    await vt.waitFor('↻ Last turn was interrupted — your prompt was never answered: "refactor the parser"');
    const requests = h.provider.requests.length;
    expect(requests).toBe(0); // nothing resent on its own
    h.provider.push(textReply("Refactored."));
    vt.type("\t\t\t\t"); // sessions → todos → files → plugins → input
    await vt.waitFor("● Input");
    send("continue");
    await vt.waitFor("Refactored.");
    const last = h.provider.requests.at(-1)!.messages.at(-1)!;
    expect(JSON.stringify(last)).toContain("refactor the parser");
    expect(JSON.stringify(last)).not.toContain("continue");
    vt.type("\x04");
    expect(await exit).toBe(0);
  });

  it("focuses a pane on click, opens a clicked session, and scrolls the conversation with the wheel", async () => {
    await start();
    h.provider.push(textReply(Array.from({ length: 120 }, (_, i) => `line ${i}`).join("\n")));
    send("many lines");
    await vt.waitFor("line 119");
    vt.type("\x1b[<0;10;10M"); // press and release inside the sessions pane (SGR mouse)
    vt.type("\x1b[<0;10;10m");
    await vt.waitFor("● Sessions");
    vt.type("\x1b[<64;60;10M"); // wheel up over the conversation
    await vt.waitFor("scrolled (End: follow)");
    vt.type("\x1b[<0;5;5M"); // click the second session's row: it opens
    vt.type("\x1b[<0;5;5m");
    await vt.waitFor("▶ (untitled)");
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("pages the conversation with PageUp and PageDown, from the input and from the conversation pane", async () => {
    await start();
    h.provider.push(textReply(Array.from({ length: 120 }, (_, i) => `line ${i}`).join("\n")));
    send("many lines");
    await vt.waitFor("line 119");
    vt.type("\x1b[5~"); // PageUp in the input
    await vt.waitFor((t) => t.includes("scrolled (End: follow)") && !t.includes("line 119"));
    vt.type("\t"); // the conversation pane
    await vt.waitFor("● Conversation");
    vt.type("\x1b[5~");
    vt.type("\x1b[6~");
    vt.type("\x1b[6~"); // PageDown to the end again
    await vt.waitFor("line 119");
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("renames and deletes a session from the sessions pane, deleting only after confirmation", async () => {
    const old = await h.newSession();
    await h.store.messages.insertMessage(old.id, { role: "user", content: "old work", complete: true });
    await h.store.sessions.setSessionTitle(old.id, "old work");
    await start();
    await vt.waitFor("old work");
    vt.type("\t\t");
    await vt.waitFor("● Sessions");
    vt.type("r");
    await vt.waitFor("Rename session");
    for (let i = 0; i < "old work".length; i++) vt.type("\x7f");
    send("renamed work");
    await burstEnds();
    await vt.waitFor("renamed work");
    expect((await h.store.sessions.getSession(old.id))!.title).toBe("renamed work");
    vt.type("d");
    await vt.waitFor("Delete session");
    vt.type("n");
    await burstEnds();
    await vt.waitFor((t) => !t.includes("Delete session"));
    expect(await h.store.sessions.getSession(old.id)).not.toBeNull();
    vt.type("d");
    await vt.waitFor("Delete session");
    vt.type("y");
    await vt.waitFor((t) => !t.includes("renamed work"));
    expect(await h.store.sessions.getSession(old.id)).toBeNull();
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("lists MCP servers, adds and removes one with /mcp, and counts them in the status bar", async () => {
    const mcp = new McpServerManager({ settings: h.store.settings, env: process.env, cwd: h.dir, clientVersion: "test" });
    mcp.start();
    try {
      await start(200, 48, mcp);
      await vt.waitFor("MCP off");
      // "/mcp" alone opens the palette (Enter would pick from it); with an argument it runs.
      send("/mcp list");
      await vt.waitFor("No MCP servers.");
      // The grammar of `ursa mcp` (ui/commands/mcp-grammar.ts): a typo is answered with what was meant.
      send("/mcp lsit");
      await vt.waitFor('unknown subcommand "lsit"; did you mean "/mcp list"?');
      send(`/mcp add fixture --enable-tool good -- ${process.execPath} ${FIXTURE}`);
      await vt.waitFor("/mcp add has no option --enable-tool; did you mean --enable-tools?");
      expect(mcp.status()).toEqual([]);
      send(`/mcp add fixture -- ${process.execPath} ${FIXTURE}`);
      await vt.waitFor("Added MCP server fixture");
      await vt.waitFor("MCP 1/1");
      send("/mcp list");
      await vt.waitFor(/● fixture \(stdio\) connected, \d+ tools/);
      expect(mcp.tools().every((t) => t.name.startsWith("fixture__"))).toBe(true);
      expect(mcp.tools().length).toBeGreaterThan(0);
      send("/mcp remove fixture");
      await vt.waitFor("Removed MCP server fixture.");
      await vt.waitFor("MCP off");
      expect(mcp.tools()).toEqual([]);
      vt.type("\x03");
      vt.type("\x03");
      expect(await exit).toBe(0);
    } finally {
      await mcp.close();
    }
  });

  it("on a first run without a provider, says how to configure one and offers the local servers it found", async () => {
    await start(160, 48, undefined, {
      problem: "No API key for anthropic: set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=...) or add it to keys.json in Ursa's data directory.",
      servers: [{ name: "ollama", label: "Ollama", baseUrl: "http://localhost:11434/v1", models: ["qwen3:8b", "llama3.2"] }],
    });
    await vt.waitFor("No API key for anthropic: set ANTHROPIC_API_KEY");
    // The line wraps in the conversation pane.
    await vt.waitFor("Found Ollama at http://localhost:11434/v1 (models: qwen3:8b, llama3.2). Use it with");
    await vt.waitFor("/provider ollama qwen3:8b");
    send("hello?");
    await vt.waitFor("Your prompt is kept in the input");
    expect(h.provider.requests).toHaveLength(0);
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });

  it("takes a bracketed paste whole: its line breaks do not send it", async () => {
    await start();
    h.provider.push((request) => textReply(`got ${JSON.stringify(request.messages.at(-1)!.content)}`));
    vt.type("\x1b[200~first line\rsecond line\x1b[201~");
    await vt.waitFor("second line");
    expect(h.provider.requests).toHaveLength(0);
    vt.type("\r");
    await vt.waitFor('got "first line\\nsecond line"');
    vt.type("\x03");
    vt.type("\x03");
    expect(await exit).toBe(0);
  });
});
