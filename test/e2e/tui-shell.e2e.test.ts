/**
 * The skeleton the dashboard paints before its code has loaded (ui/tui/shell.ts), in a real
 * pty on Node (bundle) and Deno (source). URSA_TEST_DASHBOARD_DELAY_MS holds the dashboard back
 * so the keys below certainly reach the skeleton, not the dashboard.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { BUNDLE, DENO, DENO_FLAGS, ROOT, runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeEach(async () => {
  server = await startAnthropicWireServer();
});
afterEach(async () => {
  await server.close();
});

/** Long enough that the test's keys land before the dashboard exists, even on a loaded machine. */
const DELAY_MS = 4_000;

function launch(runtime: "node" | "deno", cols = 160, rows = 48, place = { home: tempDir("ursa-home-"), project: tempDir("ursa-project-") }): PtyTerminal {
  const [command, args] = runtime === "deno"
    ? [DENO, ["run", ...DENO_FLAGS, "--config", join(ROOT, "deno.json"), join(ROOT, "adapters/main/main.ts")]]
    : [process.execPath, [BUNDLE]];
  const { home, project } = place;
  return new PtyTerminal(command, args, {
    cwd: project,
    cols,
    rows,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: home,
      URSA_HOME: home,
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: server.url,
      URSA_TEST_DASHBOARD_DELAY_MS: String(DELAY_MS),
    },
  });
}

const inSkeleton = (s: string): boolean => s.includes("● Input") && s.includes("starting…");

/** Runs `steps` on the terminal, then quits the dashboard with Ctrl+D, which ends Ursa with 0. */
async function thenQuit(t: PtyTerminal, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
    t.type("\x04");
    expect(await t.exited).toBe(0);
  } finally {
    t.dispose();
  }
}

describe.each(["node", "deno"] as const)("the dashboard's skeleton on %s", (runtime) => {
  it("has the dashboard's frame, keeps the keys typed into it and hands them to the dashboard", async () => {
    const t = launch(runtime);
    await thenQuit(t, async () => {
      await t.waitFor(inSkeleton, 30_000);
      expect(t.text()).toMatch(/Sessions[\s\S]*Conversation[\s\S]*Todos[\s\S]*Files[\s\S]*Plugins/);
      expect(t.text()).toContain("anthropic claude-");
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "Answer to the early prompt." }] });
      t.type("typed before the dashboard");
      await t.waitFor("typed before the dashboard");
      t.type("\r");
      // Still the skeleton: the keys were taken by it, not by the dashboard.
      expect(t.text()).toContain("starting…");
      await t.waitFor("Answer to the early prompt.", 30_000);
      expect(JSON.stringify(server.requests.at(-1))).toContain("typed before the dashboard");
      await t.waitFor(/○ ▶ typed before the dashboard/);
    });
  }, 90_000);

  it("quits on Ctrl+C and puts the terminal back", async () => {
    const t = launch(runtime);
    try {
      await t.waitFor(inSkeleton, 30_000);
      expect(t.isAlternateScreen).toBe(true);
      t.type("\x03");
      expect(await t.exited).toBe(0);
      await t.waitFor(() => !t.isAlternateScreen);
      expect(server.requests.length).toBe(0);
    } finally {
      t.dispose();
    }
  }, 60_000);

  it("lays itself out again when the terminal is resized, and the dashboard opens at the new size", async () => {
    const t = launch(runtime);
    await thenQuit(t, async () => {
      await t.waitFor((s) => inSkeleton(s) && s.includes("Sessions"), 30_000);
      t.resize(80, 24);
      // Below 96 columns the side columns collapse, as in the dashboard.
      await t.waitFor((s) => inSkeleton(s) && !s.includes("Sessions") && !s.includes("Todos"));
      await t.waitFor("Welcome to Ursa", 30_000);
      expect(t.text()).not.toContain("Sessions");
    });
  }, 90_000);

  describe("a project with a .mcp.json", () => {
    /** A project whose .mcp.json lists one server (never started here: the runs below end first or deny it). */
    function projectWithServers(): { home: string; project: string } {
      const place = { home: tempDir("ursa-home-"), project: tempDir("ursa-project-") };
      writeFileSync(join(place.project, ".mcp.json"), JSON.stringify({ mcpServers: { proj: { command: "true", args: [] } } }));
      return place;
    }

    it("already decided about: has the skeleton too", async () => {
      const place = projectWithServers();
      const denied = await runUrsa(["mcp", "approve", "--deny"], { runtime, cwd: place.project, env: { HOME: place.home, URSA_HOME: place.home }, timeoutMs: 30_000 });
      expect(denied.stdout).toContain("Ursa will not load");
      const t = launch(runtime, 160, 48, place);
      await thenQuit(t, async () => {
        await t.waitFor(inSkeleton, 30_000);
        await t.waitFor("Welcome to Ursa", 30_000);
      });
    }, 90_000);

    it("nobody decided about: asks on the plain terminal first, without a skeleton", async () => {
      const t = launch(runtime, 160, 48, projectWithServers());
      await thenQuit(t, async () => {
        await t.waitFor("Load them in this project (remembered)? [y/N]", 30_000);
        expect(t.isAlternateScreen).toBe(false);
        t.type("n\r");
        await t.waitFor("Welcome to Ursa", 30_000);
      });
    }, 90_000);
  });
});
