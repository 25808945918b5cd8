/**
 * The dashboard's sync states as the server goes away and comes back: the built bundle in a
 * pseudo terminal, a real sqld (SIGKILLed and restarted on the same data and port), and the
 * local Anthropic wire server for the turns whose pushes move the states.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { BUNDLE, runUrsa, tempDir } from "../support/cli.ts";
import { startSqld, type Sqld } from "../support/sqld.ts";

let wire: AnthropicWireServer;
let sqld: Sqld;
beforeAll(async () => {
  [wire, sqld] = await Promise.all([startAnthropicWireServer(), startSqld()]);
});
afterAll(async () => {
  await Promise.all([wire?.close(), sqld?.remove()]);
});

describe("the dashboard's sync segment", () => {
  it("shows sync ✓, then offline with the queue while sqld is down, ✓ again once it is back, and the unsent count on quit", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const env = { PATH: process.env["PATH"] ?? "", HOME: home, URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url };
    const setup = await runUrsa(["sync", "setup", sqld.url], { cwd: project, env });
    expect(setup.code).toBe(0);

    const t = new PtyTerminal(process.execPath, [BUNDLE], {
      cwd: project, cols: 160, rows: 40,
      env: { ...env, TERM: "xterm-256color", LANG: "C.UTF-8", NCURSES_NO_UTF8_ACS: "1" },
    });
    try {
      await t.waitFor("● Input", 30_000);
      // The start-up pull, after the first frame.
      await t.waitFor(/sync ✓ \d+s/);

      await sqld.stop();
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "first reply" }] });
      t.type("hello while the server is down\r");
      await t.waitFor("first reply");
      // About two seconds after the turn the push finds no server: one segment changes, no modal.
      const offline = await t.waitFor(/sync offline · [1-9]\d* queued/);
      expect(offline).not.toContain("Approve");
      t.type("typing still works");
      await t.waitFor("typing still works");
      t.type("\x15"); // Ctrl+U clears the line

      await sqld.restart();
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "second reply" }] });
      t.type("and now it is back\r");
      await t.waitFor("second reply");
      await t.waitFor(/sync ✓ \d+s/, 20_000);
      // The first session's row in the sessions pane carries the synced mark.
      await t.waitFor("⇅ idle");

      await sqld.stop();
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "third reply" }] });
      t.type("one more offline\r");
      await t.waitFor("third reply");
      await t.waitFor(/sync offline · [1-9]\d* queued/);
      t.type("/exit\r");
      expect(await t.exited).toBe(0);
      expect(t.text()).toMatch(/ursa: [1-9]\d* changes? (are|is) not yet synced; they go with the next sync \(ursa sync now\)\./);
    } finally {
      t.dispose();
      await sqld.restart().catch(() => undefined);
    }
  }, 90_000);

  it("opens a session running on another device read-only, follows it live, and /takeover continues it here", async () => {
    const checkout = (name: string) => {
      const dir = join(tempDir(`ursa-${name}-src-`), "shop");
      mkdirSync(join(dir, ".git"), { recursive: true });
      writeFileSync(join(dir, ".git", "config"), '[remote "origin"]\n\turl = https://github.com/ada/shop.git\n');
      return dir;
    };
    const machine = (name: string) => {
      const home = tempDir(`ursa-${name}-`);
      return { project: checkout(name), env: { PATH: process.env["PATH"] ?? "", HOME: home, URSA_HOME: home, URSA_DEVICE_NAME: name, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url } };
    };
    const desktop = machine("desktop");
    const laptop = machine("laptop");
    for (const m of [desktop, laptop]) expect((await runUrsa(["sync", "setup", sqld.url], { cwd: m.project, env: m.env })).code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "desktop answer one" }] });
    const made = await runUrsa(["-p", "question from the desktop", "--output-format", "json"], { cwd: desktop.project, env: desktop.env });
    expect(made.code).toBe(0);
    const id = JSON.parse(made.stdout).session_id as string;
    const dashboard = (m: ReturnType<typeof machine>) => new PtyTerminal(process.execPath, [BUNDLE, "--resume", id], {
      cwd: m.project, cols: 160, rows: 40,
      env: { ...m.env, TERM: "xterm-256color", LANG: "C.UTF-8", NCURSES_NO_UTF8_ACS: "1" },
    });

    // The headless run ended, and its lease with it: the desktop's dashboard is what runs it now.
    const d = dashboard(desktop);
    let t: PtyTerminal | null = null;
    try {
      await d.waitFor("desktop answer one", 30_000);
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "desktop answer two" }] });
      d.type("second question\r");
      await d.waitFor("desktop answer two");
      // Pushed: the session's row carries the synced mark.
      await d.waitFor("⇅ idle", 20_000);

      t = dashboard(laptop);
      await t.waitFor("desktop answer two", 30_000);
      await t.waitFor("Running on desktop");
      t.type("a prompt from the laptop\r");
      await t.waitFor("it is read-only here");
      expect(wire.requests.filter((r) => JSON.stringify(r.body).includes("a prompt from the laptop"))).toEqual([]);

      // The desktop goes on; the laptop shows it without anyone touching it.
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "desktop answer three" }] });
      d.type("third question\r");
      await d.waitFor("desktop answer three");
      await t.waitFor("desktop answer three", 20_000);

      t.type("/takeover\r");
      await t.waitFor("Taken over from desktop");
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "laptop answer" }] });
      t.type("now from the laptop\r");
      await t.waitFor("laptop answer");
      const request = wire.requests.at(-1)!.body as { messages: unknown[] };
      expect(JSON.stringify(request.messages)).toContain("desktop answer three");
      t.type("/exit\r");
      expect(await t.exited).toBe(0);
    } finally {
      t?.dispose();
      d.dispose();
    }
  }, 90_000);
});
