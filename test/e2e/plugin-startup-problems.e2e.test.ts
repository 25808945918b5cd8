/**
 * Plugins that do not load at start are shown where the user looks, not only logged: one line
 * each on stderr in a headless run, a warning on the dashboard's screen. The cases: a broken
 * loose file in $URSA_HOME/plugins (a syntax error, whose message has a code frame), a loose
 * plugin whose activate throws a multi-line message, and an installed plugin whose files
 * changed since install. The full messages stay in the log.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { BUNDLE, runUrsa, tempDir } from "../support/cli.ts";
import { installFixture } from "../support/installed-plugin.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let wire: AnthropicWireServer;
beforeAll(async () => {
  wire = await startAnthropicWireServer();
});
afterAll(async () => wire?.close());

const ECHO = { name: "SandboxEcho", description: "Echoes the text back, upper-cased.", parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false } };
const GRANT = { fs: { read: ["${project}"], write: ["${project}"] }, net: [], env: [], run: false };

/** A data directory with the three problems; returns it and the loose plugins' folder. */
function troubledHome(): { home: string; dev: string } {
  const home = tempDir("ursa-home-");
  const dev = join(home, "plugins");
  mkdirSync(dev);
  writeFileSync(join(dev, "broken.mjs"), "export default {");
  writeFileSync(join(dev, "throws.mjs"), 'export default { id: "dev.throws", version: "1", apiVersion: 1, activate() { throw new Error("no config\\nsee the README"); } };');
  const tampered = installFixture(home, "sandbox-good", { id: "test.sandbox-good", granted: GRANT, tools: [ECHO] });
  chmodSync(join(tampered, "plugin.mjs"), 0o644);
  appendFileSync(join(tampered, "plugin.mjs"), "\n// changed after install\n");
  return { home, dev };
}

const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url });

describe("plugins that do not load at start", () => {
  it("are one line each on stderr in a headless run, and the whole message is in the log", { timeout: 60_000 }, async () => {
    const { home, dev } = troubledHome();
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Hello." }] });
    const run = await runUrsa(["-p", "hi"], { cwd: tempDir("ursa-project-"), env: env(home), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Hello.\n");
    const lines = run.stderr.split("\n").filter((l) => l.startsWith("ursa: "));
    expect(lines).toEqual([
      `ursa: developer mode: 2 plugins in ${dev} run UNSANDBOXED, with Ursa's full authority, each in a process of its own (broken.mjs, throws.mjs)`,
      expect.stringMatching(/^ursa: the plugin broken\.mjs failed to activate: SyntaxError: .* \(more in the log\)$/),
      "ursa: the plugin throws.mjs failed to activate: no config (more in the log)",
      "ursa: plugin test.sandbox-good is not loaded: plugin.mjs changed on disk since install; run ursa plugin verify",
    ]);
    // Nothing else of the messages reached the terminal: the rest is in the log.
    expect(run.stderr).not.toContain("see the README");
    expect(readFileSync(join(home, "logs", "ursa.log"), "utf8")).toContain("no config\\nsee the README");
  });

  it("are warnings on the dashboard's screen", { timeout: 90_000 }, async () => {
    const { home } = troubledHome();
    const t = new PtyTerminal(process.execPath, [BUNDLE], {
      cwd: tempDir("ursa-project-"), cols: 220, rows: 50,
      env: { PATH: process.env["PATH"] ?? "", TERM: "xterm-256color", LANG: "C.UTF-8", NCURSES_NO_UTF8_ACS: "1", ...env(home) },
    });
    try {
      await t.waitFor("● Input", 30_000);
      const screen = await t.waitFor((text) => text.includes("throws.mjs failed to activate: no config (more in the log)") && text.includes("test.sandbox-good is not loaded"), 45_000);
      expect(screen).toContain("run UNSANDBOXED");
      expect(screen).toMatch(/the plugin broken\.mjs failed to activate: SyntaxError/);
      expect(screen).toContain("plugin.mjs changed on disk since install; run ursa plugin verify");
      t.type("\x03");
      t.type("\x03");
      expect(await t.exited).toBe(0);
    } finally {
      t.dispose();
    }
  });
});
