/**
 * The dashboard's plugins view as a user meets it: the built bundle in a pseudo terminal,
 * `/plugin add npm:…` from a local registry with the consent screen (Enter declines, y
 * installs), the plugin in the view, a scripted model (the Anthropic wire server) calling its
 * tool in the next turn without a restart, `/plugin disable|enable`, then `/plugin remove`
 * taking the tool back; and a crashing plugin reported in the session and the status bar.
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { npmPack, startLocalRegistry, type LocalRegistry, type PackedPackage } from "../support/local-registry.ts";
import { BUNDLE, runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/plugin-packages");

let packs: string;
let registry: LocalRegistry;
let wire: AnthropicWireServer;
let exits: PackedPackage;
let greeterV2: PackedPackage;

beforeAll(async () => {
  packs = tempDir("ursa-packs-");
  registry = await startLocalRegistry([npmPack(join(FIXTURES, "install-good"), packs)]);
  exits = npmPack(join(FIXTURES, "sandbox-exits"), packs);
  greeterV2 = npmPack(join(FIXTURES, "install-good-v2"), packs);
  wire = await startAnthropicWireServer();
}, 90_000);
afterAll(async () => {
  await wire?.close();
  await registry?.close();
  rmSync(packs, { recursive: true, force: true });
});

function launch(dirs: { home: string; data: string; project: string }): PtyTerminal {
  return new PtyTerminal(process.execPath, [BUNDLE], {
    cwd: dirs.project, cols: 200, rows: 60,
    env: {
      PATH: process.env["PATH"] ?? "", HOME: dirs.home, URSA_HOME: dirs.data, TERM: "xterm-256color", LANG: "C.UTF-8", NCURSES_NO_UTF8_ACS: "1",
      ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url, npm_config_registry: registry.url,
    },
  });
}

const newUser = () => ({ home: tempDir("ursa-user-home-"), data: tempDir("ursa-data-"), project: tempDir("ursa-project-") });

const offeredTools = (request: number): string[] => (wire.requests[request]!.body as { tools: { name: string }[] }).tools.map((t) => t.name);

describe("the dashboard's plugins view", () => {
  it("installs with /plugin add after the consent screen, shows the plugin, a turn calls its tool, /plugin remove takes it back", { timeout: 180_000 }, async () => {
    const { data, ...user } = newUser();
    const t = launch({ data, ...user });
    try {
      await t.waitFor("● Input", 30_000);
      await t.waitFor(/Plugins \(0\)[\s\S]*No plugins/, 30_000);

      // The consent screen, as `ursa plugin add` prints it; Enter is No.
      t.type("/plugin add npm:@ursa-test/greeter@1.0.0\r");
      let screen = await t.waitFor("[y/N]", 60_000);
      expect(screen).toContain("Install a plugin?");
      expect(screen).toContain("@ursa-test/greeter 1.0.0 (plugin test.greeter, tool plugin)");
      expect(screen).toContain("tools      Greet, Farewell");
      expect(screen).toContain("- read files in the open project");
      expect(screen).toContain("Install this plugin and grant what it asks? [y/N]");
      t.type("\r");
      await t.waitFor("Nothing was installed.");
      expect(existsSync(join(data, "plugins.lock.json"))).toBe(false);

      t.type("/plugin add npm:@ursa-test/greeter@1.0.0\r");
      await t.waitFor("[y/N]", 60_000);
      t.type("y");
      await t.waitFor("Installed test.greeter 1.0.0: 2 tools (Greet, Farewell), offered from the next turn.", 60_000);
      expect(Object.keys(JSON.parse(readFileSync(join(data, "plugins.lock.json"), "utf8")).plugins)).toEqual(["test.greeter"]);
      screen = await t.waitFor(/Plugins \(1\)[\s\S]*test\.greeter 1\.0\.0 idle/);
      expect(screen).toContain("tools: Greet, Farewell");
      expect(screen).toMatch(/- read files in the open *│\n.*│ {6}project/); // wrapped in the narrow column, indented
      expect(screen).toContain("- write its own private folder");
      expect(screen).toContain("denied attempts: 0");

      // The same again (same version, bytes and grants) is not asked about: a notice says so, as the CLI does.
      t.type("/plugin add npm:@ursa-test/greeter@1.0.0\r");
      screen = await t.waitFor("already installed: @ursa-test/greeter@1.0.0 (plugin test.greeter, for you)", 60_000);
      expect(screen).not.toContain("[y/N]");

      // The next turn offers its tools and the model's call runs in the sandbox (auto: it may write its private folder).
      t.type("/mode auto\r");
      await t.waitFor("trust mode: auto");
      wire.enqueue(
        { type: "message", blocks: [{ type: "tool_use", id: "t_greet", name: "Greet", input: { name: "Ada" } }] },
        { type: "message", blocks: [{ type: "text", text: "Greeted Ada through the plugin." }] },
      );
      const before = wire.requests.length;
      t.type("greet Ada with the plugin\r");
      await t.waitFor("Greeted Ada through the plugin.", 60_000);
      expect(offeredTools(before)).toEqual(expect.arrayContaining(["Read", "Greet", "Farewell"]));
      expect(JSON.stringify(wire.requests[before + 1]!.body)).toContain("Hello, Ada! (from the greeter plugin)");
      await t.waitFor(/test\.greeter 1\.0\.0 running/);

      // Disable takes its tools back from the next turn; enable offers them again.
      t.type("/plugin disable test.greeter\r");
      await t.waitFor(/test\.greeter 1\.0\.0 disabled/, 30_000);
      expect(JSON.parse(readFileSync(join(data, "plugins.lock.json"), "utf8")).plugins["test.greeter"].enabled).toBe(false);
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Greeter switched off." }] });
      const disabled = wire.requests.length;
      t.type("greet Ada once more\r");
      await t.waitFor("Greeter switched off.", 60_000);
      expect(offeredTools(disabled)).not.toContain("Greet");
      t.type("/plugin enable test.greeter\r");
      await t.waitFor(/test\.greeter 1\.0\.0 idle/, 30_000);
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Greeter back." }] });
      const enabled = wire.requests.length;
      t.type("is the greeter back\r");
      await t.waitFor("Greeter back.", 60_000);
      expect(offeredTools(enabled)).toEqual(expect.arrayContaining(["Greet", "Farewell"]));

      // Remove asks first; afterwards the next turn no longer offers the tool.
      t.type("/plugin remove test.greeter\r");
      await t.waitFor("Remove the plugin test.greeter?");
      t.type("y");
      await t.waitFor(/Plugins \(0\)[\s\S]*No plugins/, 30_000);
      expect(JSON.parse(readFileSync(join(data, "plugins.lock.json"), "utf8")).plugins).toEqual({});
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "No greeter any more." }] });
      const after = wire.requests.length;
      t.type("greet Ada again\r");
      await t.waitFor("No greeter any more.", 60_000);
      expect(offeredTools(after)).not.toContain("Greet");

      t.type("\x03");
      t.type("\x03");
      expect(await t.exited).toBe(0);
    } finally {
      t.dispose();
    }
  });

  it("/plugin add of a newer version marks what it asks beyond the installed grants as NEW, as ursa plugin update does", { timeout: 180_000 }, async () => {
    const user = newUser();
    const added = await runUrsa(["plugin", "add", "npm:@ursa-test/greeter@1.0.0", "--yes"], { cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url }, timeoutMs: 60_000 });
    expect(added.code).toBe(0);
    copyFileSync(greeterV2.file, join(user.project, "greeter-1.1.0.tgz"));
    const t = launch(user);
    try {
      await t.waitFor(/Plugins \(1\)[\s\S]*test\.greeter 1\.0\.0 idle/, 30_000);
      t.type("/plugin add ./greeter-1.1.0.tgz\r");
      const screen = await t.waitFor("[y/N]", 60_000);
      expect(screen).toContain("@ursa-test/greeter 1.1.0 (plugin test.greeter, tool plugin)");
      expect(screen).toContain("- read files in the open project");
      expect(screen).not.toContain("open project   (NEW");
      expect(screen).toContain("! read ~/.greeter.json in your home folder   (NEW: not granted before)");
      expect(screen).toContain("- connect to api.greeter.example   (NEW: not granted before)");
      t.type("\r");
      await t.waitFor("Nothing was installed.");
      expect(JSON.parse(readFileSync(join(user.data, "plugins.lock.json"), "utf8")).plugins["test.greeter"].version).toBe("1.0.0");
      t.type("\x03");
      t.type("\x03");
      expect(await t.exited).toBe(0);
    } finally {
      t.dispose();
    }
  });

  it("says so when a plugin crashes, and when it is disabled after repeated crashes; the view shows it failed and why", { timeout: 180_000 }, async () => {
    const user = newUser();
    copyFileSync(exits.file, join(user.project, "exits.tgz"));
    const t = launch(user);
    try {
      await t.waitFor(/Plugins \(0\)[\s\S]*No plugins/, 30_000);
      t.type("/plugin add ./exits.tgz\r"); // a tarball, relative to the project
      await t.waitFor("[y/N]", 60_000);
      t.type("y");
      await t.waitFor(/test\.sandbox-exits 1\.0\.0 idle/, 60_000);

      // Three calls, each taking the child down (process.exit in the tool).
      wire.enqueue(
        ...[1, 2, 3].map((n) => ({ type: "message" as const, blocks: [{ type: "tool_use" as const, id: `exit_${n}`, name: "ExitNow", input: {} }] })),
        { type: "message", blocks: [{ type: "text", text: "It kept dying." }] },
      );
      t.type("call the exiting tool\r");
      // The status bar says it, whatever the conversation shows (polled: the notice stays a few seconds).
      await t.waitFor((text) => /⚠ the plugin test\.sandbox-exits .*disabled after 3 failures/.test(text.split("\n").at(-1) ?? ""), 60_000);
      await t.waitFor("It kept dying.", 60_000);
      const screen = await t.waitFor(/test\.sandbox-exits 1\.0\.0 failed/, 30_000);
      expect(screen).toMatch(/⚠ the plugin test\.sandbox-exits [^\n]*; it will be restarted on its next use/);
      expect(screen).toMatch(/⚠ the plugin test\.sandbox-exits [^\n]*; disabled after 3 failures \(restart Ursa to try again\)/);
      expect(screen).toMatch(/test\.sandbox-exits 1\.0\.0 failed *│\n.*│ +the plugin test\.sandbox-exits/); // and why, in the view
      t.type("\x03");
      t.type("\x03");
      expect(await t.exited).toBe(0);
    } finally {
      t.dispose();
    }
  });
});
