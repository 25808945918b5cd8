/**
 * The dashboard's sync states as the server goes away and comes back: the built bundle in a
 * pseudo terminal, a real sqld (SIGKILLed and restarted on the same data and port), and the
 * local Anthropic wire server for the turns whose pushes move the states.
 */
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
  });
});
