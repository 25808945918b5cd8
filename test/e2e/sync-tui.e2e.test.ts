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
import { startTcpProxy } from "../support/tcp-proxy.ts";

let wire: AnthropicWireServer;
let sqld: Sqld;
beforeAll(async () => {
  [wire, sqld] = await Promise.all([startAnthropicWireServer(), startSqld()]);
});
afterAll(async () => {
  await Promise.all([wire?.close(), sqld?.remove()]);
});

/** A clone of one repository (the same project key on every machine) at a path of its own. */
function checkout(name: string, repository: string): string {
  const dir = join(tempDir(`ursa-${name}-src-`), repository);
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, ".git", "config"), `[remote "origin"]\n\turl = https://github.com/ada/${repository}.git\n`);
  return dir;
}

/** A machine: its own data directory and device name, and a checkout (one repository per test: they share the server). */
function machine(name: string, repository: string) {
  const home = tempDir(`ursa-${name}-`);
  return { project: checkout(name, repository), env: { PATH: process.env["PATH"] ?? "", HOME: home, URSA_HOME: home, URSA_DEVICE_NAME: name, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url } };
}

type Machine = ReturnType<typeof machine>;

/** The dashboard of `m` in a pseudo terminal. */
function openDashboard(m: Machine, args: string[] = []): PtyTerminal {
  return new PtyTerminal(process.execPath, [BUNDLE, ...args], {
    cwd: m.project, cols: 160, rows: 40,
    env: { ...m.env, TERM: "xterm-256color", LANG: "C.UTF-8", NCURSES_NO_UTF8_ACS: "1" },
  });
}

async function setUpSync(...machines: Machine[]): Promise<void> {
  for (const m of machines) expect((await runUrsa(["sync", "setup", sqld.url], { cwd: m.project, env: m.env })).code).toBe(0);
}

/** Two machines with sync set up, sharing a checkout of `repository`. */
async function desktopAndLaptop(repository: string): Promise<{ desktop: Machine; laptop: Machine }> {
  const desktop = machine("desktop", repository);
  const laptop = machine("laptop", repository);
  await setUpSync(desktop, laptop);
  return { desktop, laptop };
}

/** `/exit` in the dashboard `t`, which must end well. */
async function exitDashboard(t: PtyTerminal): Promise<void> {
  t.type("/exit\r");
  expect(await t.exited).toBe(0);
}

/** Runs `/sync` in the dashboard `t` until the screen shows `text` (the change it waits for may not have been pushed yet). */
async function syncUntil(t: PtyTerminal, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    t.type("/sync\r");
    try {
      await t.waitFor(text, 5_000);
      return;
    } catch (error) {
      if (attempt === 6) throw error;
    }
  }
}

/** Lists `m`'s sessions (each listing pulls first) until the only one runs on `device`. */
async function runningOn(m: Machine, device: string | null): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const listed = await runUrsa(["sessions", "list", "--json"], { cwd: m.project, env: m.env });
    const [session] = JSON.parse(listed.stdout) as { running_on: string | null }[];
    if (session?.running_on === device) return;
    if (attempt === 10) expect(session?.running_on).toBe(device);
  }
}

/** A turn in the dashboard `t` that `reply` answers, then its push (the session's row gets the synced mark). */
async function turnPushed(t: PtyTerminal, prompt: string, reply: string): Promise<void> {
  wire.enqueue({ type: "message", blocks: [{ type: "text", text: reply }] });
  t.type(`${prompt}\r`);
  await t.waitFor(reply);
  await t.waitFor("⇅ idle", 20_000);
}

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
      await exitDashboard(t);
      expect(t.text()).toMatch(/ursa: [1-9]\d* changes? (are|is) not yet synced; they go with the next sync \(ursa sync now\)\./);
    } finally {
      t.dispose();
      await sqld.restart().catch(() => undefined);
    }
  }, 90_000);

  it("pushes changes queued before it opened right after its start-up pull, not a turn or a minute later", async () => {
    const desktop = machine("desktop", "waiting");
    await setUpSync(desktop);
    // A headless run whose push found no server (one just gone): its turn stays queued.
    const gone = await startSqld();
    await gone.remove();
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "an answer that waited" }] });
    const run = await runUrsa(["-p", "a question while away"], { cwd: desktop.project, env: { ...desktop.env, URSA_SYNC_URL: gone.url } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/sync push failed: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); [1-9]\d* changes stay queued/);
    const d = openDashboard(desktop);
    try {
      await d.waitFor("● Input", 30_000);
      // The session's row gets the synced mark well before the minute's round.
      await d.waitFor("⇅ idle", 20_000);
      await d.waitFor((screen) => /sync ✓ \d+s/.test(screen) && !/queued/.test(screen));
      d.type("/exit\r");
      expect(await d.exited).toBe(0);
    } finally {
      d.dispose();
    }
  }, 90_000);

  it("ends its sessions' leases when it quits: another device sees them not running right after", async () => {
    const { desktop, laptop } = await desktopAndLaptop("quitting");
    const d = openDashboard(desktop);
    try {
      await d.waitFor("● Input", 30_000);
      await turnPushed(d, "a question on the desktop", "an answer on the desktop");
      // While the dashboard runs, the laptop sees the session live there.
      const live = await runUrsa(["sessions", "list", "--json"], { cwd: laptop.project, env: laptop.env });
      expect(JSON.parse(live.stdout)).toMatchObject([{ running_on: "desktop" }]);
      await exitDashboard(d);
    } finally {
      d.dispose();
    }
    const after = await runUrsa(["sessions", "list", "--json"], { cwd: laptop.project, env: laptop.env });
    expect(after.stderr).toBe("");
    expect(JSON.parse(after.stdout)).toMatchObject([{ sync: "synced", running_on: null }]);
  }, 90_000);

  it("quits without waiting on a dead link: the lease push is given a second, and the change stays queued", async () => {
    const proxy = await startTcpProxy(sqld.port);
    const desktop = machine("desktop", "deadlink");
    expect((await runUrsa(["sync", "setup", proxy.url], { cwd: desktop.project, env: desktop.env })).code).toBe(0);
    const d = openDashboard(desktop);
    try {
      await d.waitFor("● Input", 30_000);
      await turnPushed(d, "a question before the cut", "an answer before the cut");
      // Packets now vanish: a request would wait for its 10 s timeout.
      await proxy.setMode("blackhole");
      const quitAt = Date.now();
      await exitDashboard(d);
      // Well under the 10 s a request would wait: the release and its push had one second.
      expect(Date.now() - quitAt).toBeLessThan(6_000);
      expect(d.text()).toMatch(/ursa: [1-9]\d* changes? (are|is) not yet synced/);
    } finally {
      d.dispose();
      await proxy.stop();
    }
  }, 90_000);

  it("opens a session running on another device read-only, follows it live, and /takeover continues it here", async () => {
    const { desktop, laptop } = await desktopAndLaptop("shop");
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "desktop answer one" }] });
    const made = await runUrsa(["-p", "question from the desktop", "--output-format", "json"], { cwd: desktop.project, env: desktop.env });
    expect(made.code).toBe(0);
    const id = JSON.parse(made.stdout).session_id as string;
    const dashboard = (m: Machine) => openDashboard(m, ["--resume", id]);

    // The headless run ended, and its lease with it: the desktop's dashboard is what runs it now.
    const d = dashboard(desktop);
    let t: PtyTerminal | null = null;
    try {
      await d.waitFor("desktop answer one", 30_000);
      await turnPushed(d, "second question", "desktop answer two");

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
      await exitDashboard(t);
    } finally {
      t?.dispose();
      d.dispose();
    }
  }, 90_000);

  it("a session open on the desktop shows what the laptop wrote, goes read-only while the laptop holds it, and writable once it let go", async () => {
    const { desktop, laptop } = await desktopAndLaptop("follow");
    const d = openDashboard(desktop);
    let t: PtyTerminal | null = null;
    try {
      await d.waitFor("● Input", 30_000);
      await turnPushed(d, "DESKTOP-LINE", "desktop reply one");
      // Just after its first turn, the session is live on the desktop, and a headless resume says so.
      const listed = await runUrsa(["sessions", "list", "--json"], { cwd: laptop.project, env: laptop.env });
      const [session] = JSON.parse(listed.stdout) as { id: string; running_on: string | null }[];
      expect(session).toMatchObject({ running_on: "desktop" });
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "laptop reply one" }] });
      const resumed = await runUrsa(["--resume", session!.id, "-p", "LAPTOP-LINE"], { cwd: laptop.project, env: laptop.env });
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain("was live on desktop");

      // The laptop's run ended (and its lease with it): the desktop shows its messages, and holds the session again.
      d.type("/sync\r");
      await d.waitFor("laptop reply one", 20_000);
      await runningOn(laptop, "desktop");

      // The laptop's dashboard opens it read-only and takes it over: the desktop goes read-only.
      t = openDashboard(laptop, ["--resume", session!.id]);
      await t.waitFor("Running on desktop", 30_000);
      t.type("/takeover\r");
      await t.waitFor("Taken over from desktop");
      await syncUntil(d, "Running on laptop");
      await d.waitFor("read-only: running on laptop · /takeover continues it here");
      d.type("desktop writes too\r");
      await d.waitFor("it is read-only here");
      expect(wire.requests.filter((r) => JSON.stringify(r.body).includes("desktop writes too"))).toEqual([]);
      // What the laptop writes shows on the desktop with no one touching it (it follows the session live).
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "laptop reply two" }] });
      t.type("LAPTOP-DASHBOARD-LINE\r");
      await t.waitFor("laptop reply two");
      await d.waitFor("laptop reply two", 30_000);

      // The laptop quits: its lease ends, and the desktop may write again.
      await exitDashboard(t);
      d.type("/sync\r");
      await d.waitFor("laptop no longer runs this session", 20_000);
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "desktop reply two" }] });
      d.type("desktop goes on\r");
      await d.waitFor("desktop reply two");
      await exitDashboard(d);
    } finally {
      t?.dispose();
      d.dispose();
    }
  }, 120_000);

  it("releases its leases when Ctrl+D quits during a turn", async () => {
    const { desktop, laptop } = await desktopAndLaptop("ctrld");
    const d = openDashboard(desktop);
    try {
      await d.waitFor("● Input", 30_000);
      // A reply that never ends: the turn runs until Ctrl+D interrupts it.
      wire.enqueue({ type: "message", blocks: [{ type: "text", text: "a reply cut short" }], interruption: { kind: "stall", afterBlocks: 1 } });
      d.type("a question\r");
      await d.waitFor("a reply cut short");
      d.type("\x04");
      await d.waitFor("press Ctrl+D again");
      d.type("\x04");
      expect(await d.exited).toBe(0);
    } finally {
      d.dispose();
    }
    const after = await runUrsa(["sessions", "list", "--json"], { cwd: laptop.project, env: laptop.env });
    expect(JSON.parse(after.stdout)).toMatchObject([{ running_on: null }]);
  }, 90_000);

  it("releases its leases when the terminal closes (SIGHUP), as /exit does", async () => {
    const { desktop, laptop } = await desktopAndLaptop("hangup");
    const d = openDashboard(desktop);
    try {
      await d.waitFor("● Input", 30_000);
      await turnPushed(d, "a question before the hang-up", "an answer before the hang-up");
      await runningOn(laptop, "desktop");
      d.kill("SIGHUP");
      expect(await d.exited).toBe(129);
    } finally {
      d.dispose();
    }
    await runningOn(laptop, null);
  }, 90_000);
});
