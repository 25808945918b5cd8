import { createClient } from "@libsql/client";
import { mkdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSyncToken } from "../../adapters/main/sync-token.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startHostProxy } from "../support/host-proxy.ts";
import { makeSqldKeys } from "../support/sqld-keys.ts";
import { startSqld, type Sqld } from "../support/sqld.ts";

/**
 * The sync commands as a user runs them: two machines (data directories), two checkouts of
 * the same repository at different paths, one real sqld with JWT auth, the real CLI bundle.
 */
const work = tempDir("ursa-sync-cli-");
const keys = makeSqldKeys(work);
const token = mintSyncToken(keys.privateKey, { readOnly: false, days: 1 });
const tokenFile = join(work, "sync.token");
writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
let sqld: Sqld;
let wire: AnthropicWireServer;

beforeAll(async () => {
  [sqld, wire] = await Promise.all([startSqld({ jwtKeyFile: keys.publicKeyFile }), startAnthropicWireServer()]);
});
afterAll(async () => {
  await Promise.all([sqld?.remove(), wire?.close()]);
});

/** A checkout of git@github.com:ada/shop.git at `path`. */
function checkout(path: string): string {
  mkdirSync(join(path, ".git"), { recursive: true });
  writeFileSync(join(path, ".git", "config"), '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:ada/shop.git\n');
  return path;
}

function machine(name: string) {
  const home = tempDir(`ursa-${name}-`);
  const project = checkout(join(tempDir(`ursa-${name}-src-`), "shop"));
  const env = { URSA_HOME: home, HOME: home, URSA_DEVICE_NAME: name, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url };
  return { home, project, env, ursa: (args: string[], extra: Record<string, string> = {}) => runUrsa(args, { cwd: project, env: { ...env, ...extra } }) };
}

const SECRET = "sk-ant-api03-SeCrEtSeCrEtSeCrEtSeCrEtSeCrEt0123456789";

describe("ursa sync on two machines", () => {
  it("a session made with ursa -p on the desktop is listed and resumed, whole, on the laptop", async () => {
    const desktop = machine("desktop");
    const laptop = machine("laptop");

    for (const m of [desktop, laptop]) {
      const setup = await m.ursa(["sync", "setup", sqld.url, "--token-file", tokenFile]);
      expect(setup.stderr).toBe("");
      expect(setup.code).toBe(0);
      expect(setup.stdout).toMatch(new RegExp(`^Sync is set up with ${sqld.url}; \\d+ changes queued\\.`));
      // The token is kept owner-only, never in the database.
      expect(statSync(join(m.home, "keys.json")).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(m.home, "keys.json"), "utf8"))).toEqual({ URSA_SYNC_TOKEN: token });
      expect(readFileSync(join(m.home, "ursa.db")).includes(Buffer.from(token))).toBe(false);
    }

    // Set up, nothing pushed yet: each machine already lists itself.
    const fresh = JSON.parse((await laptop.ursa(["sync", "status", "--json"])).stdout);
    expect(fresh.devices).toMatchObject([{ name: "laptop", this_device: true }]);
    expect((await laptop.ursa(["sync", "status"])).stdout).toMatch(/\n {2}laptop \(this device\) /);

    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Noted: the shop uses Stripe." }] });
    const first = await desktop.ursa(["-p", `remember the shop's key ${SECRET}`, "--output-format", "json"]);
    expect(first.code).toBe(0);
    const sessionId = JSON.parse(first.stdout).session_id as string;

    // ursa -p pushed its turn; the secret never reached the server.
    const server = createClient({ url: sqld.url, authToken: token });
    const dump = JSON.stringify((await server.execute("SELECT * FROM messages")).rows) + JSON.stringify((await server.execute("SELECT * FROM sessions")).rows);
    server.close();
    expect(dump).toContain(sessionId);
    expect(dump).toContain("Noted: the shop uses Stripe.");
    expect(dump).toContain("remember the shop's key");
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain("SeCrEtSeCrEt");

    const listed = await laptop.ursa(["sessions", "list", "--json"]);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const sessions = JSON.parse(listed.stdout) as { id: string; project_key: string; sync: string; project_root: string }[];
    const session = sessions.find((s) => s.id === sessionId);
    // The desktop wrote it seconds ago, but its run has ended: it released its lease with the push, so it is not shown running there.
    expect(session).toMatchObject({ project_key: "git:github.com/ada/shop:.", sync: "synced", running_on: null, local_only: false, created_on: "desktop" });
    expect(session!.project_root).toBe(laptop.project);
    const table = await laptop.ursa(["sessions", "list"]);
    expect(table.stdout).toMatch(/^ID +UPDATED +MSGS +SYNC +DEVICE +TITLE\n/);
    expect(table.stdout).toMatch(new RegExp(`\\n${sessionId} .* 2 +synced +desktop +remember the shop's key`));

    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Still Stripe." }] });
    const before = wire.requests.length;
    const resumed = await laptop.ursa(["--resume", sessionId, "-p", "which payment provider?"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toContain("This session was live on desktop");
    expect(resumed.stdout).toBe("Still Stripe.\n");
    const request = JSON.stringify((wire.requests[before]!.body as { messages: unknown[] }).messages);
    expect(request).toContain("remember the shop's key");
    expect(request).toContain("Noted: the shop uses Stripe.");
    expect(request).toContain("which payment provider?");

    // Back on the desktop, the laptop's turn arrives with the next pull.
    const back = await desktop.ursa(["sync", "pull"]);
    expect(back.code).toBe(0);
    const status = await desktop.ursa(["sync", "status", "--json"]);
    const json = JSON.parse(status.stdout);
    expect(Object.keys(json)).toEqual(["state", "url", "queued", "last_success_at", "last_error", "pull_only", "devices"]);
    expect(json).toMatchObject({ state: "ok", url: sqld.url, queued: 0, last_error: null, pull_only: false });
    expect(Date.parse(json.last_success_at)).toBeGreaterThan(0);
    expect(json.devices.map((d: { name: string }) => d.name).sort()).toEqual(["desktop", "laptop"]);
    expect(json.devices.find((d: { name: string }) => d.name === "desktop").this_device).toBe(true);
    expect(JSON.stringify(json)).not.toContain(token);
  }, 120_000);

  it("--local-only keeps a headless session off the server; ursa sync share sends it", async () => {
    const desktop = machine("desktop");
    expect((await desktop.ursa(["sync", "setup", sqld.url, "--token-file", tokenFile])).code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "private answer" }] });
    const run = await desktop.ursa(["-p", "a private question", "--local-only", "--output-format", "json"]);
    expect(run.code).toBe(0);
    const id = JSON.parse(run.stdout).session_id as string;
    const server = createClient({ url: sqld.url, authToken: token });
    const count = async () => Number((await server.execute({ sql: "SELECT COUNT(*) FROM sessions WHERE id = ?", args: [id] })).rows[0]![0]);
    try {
      expect(await count()).toBe(0);
      const listed = JSON.parse((await desktop.ursa(["sessions", "list", "--json"])).stdout) as { id: string; sync: string; local_only: boolean }[];
      expect(listed.find((s) => s.id === id)).toMatchObject({ sync: "local-only", local_only: true });

      const share = await desktop.ursa(["sync", "share", id.slice(0, 20)]);
      expect(share.stdout).toBe(`Session ${id} is shared again: it syncs at the next push.\n`);
      expect((await desktop.ursa(["sync", "push"])).code).toBe(0);
      expect(await count()).toBe(1);
    } finally {
      server.close();
    }
  }, 120_000);
});

describe("ursa sync local on two machines", () => {
  it("makes the other machine's copy local-only at its next pull: it is listed so, and its next turn does not send it back", async () => {
    const desktop = machine("desktop");
    const laptop = machine("laptop");
    for (const m of [desktop, laptop]) expect((await m.ursa(["sync", "setup", sqld.url, "--token-file", tokenFile])).code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "started on the desktop" }] });
    const id = JSON.parse((await desktop.ursa(["-p", "a question to keep", "--output-format", "json"])).stdout).session_id as string;
    const onLaptop = async () => (JSON.parse((await laptop.ursa(["sessions", "list", "--json"])).stdout) as { id: string; sync: string; local_only: boolean }[]).find((s) => s.id === id);
    expect(await onLaptop()).toMatchObject({ sync: "synced", local_only: false });

    expect((await desktop.ursa(["sync", "local", id])).code).toBe(0);
    expect((await desktop.ursa(["sync", "push"])).code).toBe(0);
    // The laptop's list pulls first: its copy is now local-only there.
    expect(await onLaptop()).toMatchObject({ sync: "local-only", local_only: true });

    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "continued on the laptop" }] });
    const resumed = await laptop.ursa(["--resume", id, "-p", "and on the laptop?"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe("continued on the laptop\n");
    const server = createClient({ url: sqld.url, authToken: token });
    try {
      for (const table of ["sessions", "messages"]) {
        const rows = await server.execute({ sql: `SELECT COUNT(*) FROM ${table} WHERE ${table === "sessions" ? "id" : "session_id"} = ?`, args: [id] });
        expect(Number(rows.rows[0]![0])).toBe(0);
      }
    } finally {
      server.close();
    }
    // The desktop's copy is its own: nothing of the laptop's turn arrives.
    expect((await desktop.ursa(["sync", "pull"])).code).toBe(0);
    expect(JSON.parse((await desktop.ursa(["sessions", "list", "--json"])).stdout).find((s: { id: string }) => s.id === id)).toMatchObject({ sync: "local-only", message_count: 2 });
  }, 120_000);
});

describe("ursa sync on Deno", () => {
  it("sets up, syncs and lists from the source entry", async () => {
    const m = machine("deno");
    const deno = (args: string[]) => runUrsa(args, { runtime: "deno", cwd: m.project, env: m.env, timeoutMs: 60_000 });
    const setup = await deno(["sync", "setup", sqld.url, "--token-file", tokenFile]);
    expect(setup.stderr).toBe("");
    expect(setup.code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "from deno" }] });
    const made = await deno(["-p", "hello from deno", "--output-format", "json"]);
    expect(made.code).toBe(0);
    const id = JSON.parse(made.stdout).session_id as string;
    expect((await deno(["sync", "now"])).stdout).toMatch(new RegExp(`^Synced with ${sqld.url}: pushed \\d+, pulled \\d+`));
    const listed = await deno(["sessions", "list", "--json"]);
    expect(listed.code).toBe(0);
    // Other tests' sessions of the same repository are on this server too.
    expect((JSON.parse(listed.stdout) as { id: string }[]).find((x) => x.id === id)).toMatchObject({ id, sync: "synced" });
    expect(JSON.parse((await deno(["sync", "status", "--json"])).stdout).state).toBe("ok");
  }, 120_000);
});

describe("ursa sync link, local, on and off", () => {
  it("a checkout without a remote sees another machine's project once linked; local, off and on say what they did", async () => {
    const desktop = machine("desktop");
    expect((await desktop.ursa(["sync", "setup", sqld.url, "--token-file", tokenFile])).code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "linked reply" }] });
    const made = await desktop.ursa(["-p", "made on the desktop", "--output-format", "json"]);
    const id = JSON.parse(made.stdout).session_id as string;

    // A copy of the project without git: its key is path:…, which matches nothing elsewhere.
    const home = tempDir("ursa-plain-");
    const plain = tempDir("ursa-plain-src-");
    const env = { URSA_HOME: home, HOME: home, URSA_DEVICE_NAME: "plain", URSA_SYNC_URL: sqld.url, URSA_SYNC_TOKEN: token };
    const ursa = (args: string[]) => runUrsa(args, { cwd: plain, env });
    expect((await ursa(["sync", "setup", sqld.url])).code).toBe(0);
    const link = await ursa(["sync", "link", "git:github.com/ada/shop:."]);
    expect(link.stdout).toBe(`Linked ${plain} to git:github.com/ada/shop:.: its sessions are listed here now.\n`);
    const listed = JSON.parse((await ursa(["sessions", "list", "--json"])).stdout) as { id: string; project_key: string }[];
    expect(listed.map((s) => s.id)).toContain(id);
    expect(listed.find((s) => s.id === id)!.project_key).toBe(`path:${plain}`);

    const local = await ursa(["sync", "local", id]);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(`Session ${id} is local-only: it stays on this machine, its remote copy goes at the next push, and other machines' copies become local-only there at their next pull.\n`);
    const unknown = await ursa(["sync", "local", "ffffffff"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("ursa sync: no session starts with ffffffff\n");

    const off = await ursa(["sync", "off"]);
    expect(off.stdout).toBe("Sync is off; changes are kept locally (ursa sync on resumes).\n");
    expect(JSON.parse((await ursa(["sync", "status", "--json"])).stdout).state).toBe("off");
    const now = await ursa(["sync", "now"]);
    expect(now.code).toBe(1);
    expect(now.stderr).toBe("ursa sync: sync is off; turn it on with ursa sync on\n");
    expect((await ursa(["sync", "on"])).stdout).toBe(`Sync is on (${sqld.url}).\n`);
    expect((await ursa(["sync", "now"])).code).toBe(0);
  }, 120_000);

  it("bad usage is exit 2 with a pointer to --help", async () => {
    const m = machine("usage");
    for (const args of [["sync", "frobnicate"], ["sync", "setup"], ["sync", "status", "--yaml"], ["sync", "link"], ["sessions", "list", "--nope"], ["sessions", "frobnicate"]]) {
      const run = await m.ursa(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^ursa (sync|sessions): .*\nRun ursa (sync|sessions) --help for usage\.\n$/);
    }
    for (const url of ["sync.example", "ftp://sync.example"]) {
      const notUrl = await m.ursa(["sync", "setup", url]);
      expect(notUrl.code, url).toBe(2);
      expect(notUrl.stderr).toBe(`ursa sync: sync setup needs a server URL like https://host[:port], http://host[:port] or libsql://host (got "${url}")\nRun ursa sync --help for usage.\n`);
    }
    const help = await m.ursa(["sync", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("ursa sync setup <url> [--token-file F]");
  }, 120_000);
});

describe("ursa sync refusals: one line each, exit 1, and the status says which", () => {
  it("expired token (401, past the 60 s leeway), read-only token (403 on push), other namespace (404), server down", async () => {
    const m = machine("solo");
    const now = Math.floor(Date.now() / 1000);
    const write = (name: string, value: string) => {
      const file = join(work, name);
      writeFileSync(file, value);
      return file;
    };

    const expired = await m.ursa(["sync", "setup", sqld.url, "--token-file", write("expired.token", mintSyncToken(keys.privateKey, { readOnly: false, days: 1, now: now - 86_400 - 300 }))]);
    expect(expired.code).toBe(1);
    expect(expired.stderr).toBe(`ursa sync: the token has expired (401 The JWT has expired); mint a new one (ursa sync token) and run ursa sync setup ${sqld.url} --token-file <file>\n`);

    // libsql:// is TLS; the test's sqld, as a local one usually is, speaks plain HTTP.
    const tlsUrl = sqld.url.replace(/^http:/, "libsql:");
    const tls = await m.ursa(["sync", "setup", tlsUrl, "--token-file", tokenFile]);
    expect(tls.code).toBe(1);
    expect(tls.stderr).toBe(`ursa sync: cannot reach ${tlsUrl} (ERR_SSL_WRONG_VERSION_NUMBER); libsql:// means TLS: a server without it (a local sqld) takes ${sqld.url}\n`);

    // A read-only token may set up a follower of an existing remote: it pulls, and its pushes are refused.
    const readOnlyToken = mintSyncToken(keys.privateKey, { readOnly: true, days: 1 });
    const roSetup = await m.ursa(["sync", "setup", sqld.url, "--token-file", write("ro.token", readOnlyToken)]);
    expect(roSetup.code).toBe(0);
    expect(roSetup.stderr).toBe("");
    expect(roSetup.stdout).toBe(`Sync is set up with ${sqld.url}, pull only: the server refused this token a write (it is read-only), so this machine can pull but not push. Pushing needs a read-write token: ursa sync setup ${sqld.url} --token-file <file>. Run ursa sync pull to fetch the other machines' sessions (the dashboard syncs on its own).\n`);
    expect((await m.ursa(["sync", "status"])).stdout).toMatch(/\naccess: {7}pull only: the token is read-only\n/);
    expect(JSON.parse((await m.ursa(["sync", "status", "--json"])).stdout)).toMatchObject({ state: "ok", pull_only: true });
    expect((await m.ursa(["sync", "setup", sqld.url, "--token-file", tokenFile])).code).toBe(0);
    expect((await m.ursa(["sync", "status"])).stdout).toMatch(/\naccess: {7}push and pull\n/);
    expect(JSON.parse((await m.ursa(["sync", "status", "--json"])).stdout)).toMatchObject({ state: "ok", pull_only: false });
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    const roRun = await m.ursa(["-p", "hello"], { URSA_SYNC_TOKEN: readOnlyToken });
    expect(roRun.code).toBe(0);
    expect(roRun.stderr).toMatch(/^ursa: sync push failed: the token is read-only \(403 .*Write permission.*\); pulls work, pushing needs a read-write token; \d+ changes stay queued for the next sync with http:\/\/127\.0\.0\.1:\d+\n$/m);
    const roPush = await m.ursa(["sync", "push"], { URSA_SYNC_TOKEN: readOnlyToken });
    expect(roPush.code).toBe(1);
    expect(roPush.stderr).toMatch(/^ursa sync: the token is read-only \(403 .*Write permission.*\); pulls work, pushing needs a read-write token\n$/);
    expect(JSON.parse((await m.ursa(["sync", "status", "--json"], { URSA_SYNC_TOKEN: readOnlyToken })).stdout).state).toBe("read_only");
    expect((await m.ursa(["sync", "pull"], { URSA_SYNC_TOKEN: readOnlyToken })).code).toBe(0);
    // The read-write token from keys.json sends what waited.
    expect((await m.ursa(["sync", "push"])).code).toBe(0);
    expect(JSON.parse((await m.ursa(["sync", "status", "--json"])).stdout)).toMatchObject({ state: "ok", queued: 0 });
    // A round says it too (URSA_SYNC_URL may hold such a URL).
    const tlsRound = await m.ursa(["sync", "now"], { URSA_SYNC_URL: tlsUrl });
    expect(tlsRound.stderr).toBe(`ursa sync: cannot reach ${new URL(sqld.url).host} (ERR_SSL_WRONG_VERSION_NUMBER); libsql:// means TLS: a server without it (a local sqld) takes ${sqld.url}; 0 changes stay queued for the next round\n`);

    const namespaced = await startSqld({ jwtKeyFile: keys.publicKeyFile, namespaces: true });
    await namespaced.createNamespace("alice");
    await namespaced.createNamespace("bob");
    const bob = await startHostProxy(namespaced.url, "bob.localhost");
    try {
      const alice = write("alice.token", mintSyncToken(keys.privateKey, { readOnly: false, days: 1, namespace: "alice" }));
      const hidden = await m.ursa(["sync", "setup", bob.url, "--token-file", alice]);
      expect(hidden.code).toBe(1);
      expect(hidden.stderr).toBe(`ursa sync: ${bob.url} has no database there (404 Namespace bob doesn't exist); check the URL, or that the token is for this namespace\n`);
    } finally {
      await Promise.all([bob.close(), namespaced.remove()]);
    }

    const down = await startSqld();
    await down.remove();
    const offline = await m.ursa(["sync", "now"], { URSA_SYNC_URL: down.url });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/^ursa sync: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); \d+ changes? stays? queued for the next round\n$/);
    expect(JSON.parse((await m.ursa(["sync", "status", "--json"], { URSA_SYNC_URL: down.url })).stdout).state).toBe("offline");
    // A headless run's push says once what happens to the changes; its pull says what it shows.
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
    const offlineRun = await m.ursa(["-p", "hello again"], { URSA_SYNC_URL: down.url });
    expect(offlineRun.code).toBe(0);
    expect(offlineRun.stderr).toMatch(/^ursa: sync push failed: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); \d+ changes stay queued for the next sync with http:\/\/127\.0\.0\.1:\d+\n$/m);
    expect(offlineRun.stderr.match(/queued/g)).toHaveLength(1);
    const offlineList = await m.ursa(["sessions", "list"], { URSA_SYNC_URL: down.url });
    expect(offlineList.stderr).toMatch(/^ursa sessions: sync pull failed: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); showing this machine's copy\n$/m);
  }, 180_000);
});
