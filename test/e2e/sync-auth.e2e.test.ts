import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSyncServer } from "../../adapters/main/sync-server-check.ts";
import { mintSyncToken } from "../../adapters/main/sync-token.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startHostProxy } from "../support/host-proxy.ts";
import { makeSqldKeys } from "../support/sqld-keys.ts";
import { startSqld, type Sqld } from "../support/sqld.ts";
import { openSyncDevice, serverClient } from "../support/sync-devices.ts";

/**
 * Tokens minted by `ursa sync token` against a real sqld started with a per-run Ed25519 key,
 * and the one line `ursa sync setup`'s server check prints for each refusal.
 */
const dir = tempDir("ursa-sync-auth-");
const keys = makeSqldKeys(dir);
let sqld: Sqld;
let namespaced: Sqld;
beforeAll(async () => {
  [sqld, namespaced] = await Promise.all([startSqld({ jwtKeyFile: keys.publicKeyFile }), startSqld({ jwtKeyFile: keys.publicKeyFile, namespaces: true })]);
  await namespaced.createNamespace("alice");
  await namespaced.createNamespace("bob");
});
afterAll(async () => {
  await Promise.all([sqld?.remove(), namespaced?.remove()]);
});

async function cliToken(...flags: string[]): Promise<string> {
  const run = await runUrsa(["sync", "token", "--key", keys.privateKeyFile, ...flags], { cwd: dir, env: { URSA_HOME: dir } });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

const signal = () => AbortSignal.timeout(10_000);

describe("ursa sync token against sqld's JWT auth", () => {
  it("mints a read-write token sqld accepts, for reads and writes", async () => {
    const token = await cliToken("--days", "1");
    expect(await checkSyncServer(sqld.url, token, signal())).toEqual({ ok: true });
    const client = createClient({ url: sqld.url, authToken: token });
    await client.execute("CREATE TABLE IF NOT EXISTS rw_probe (v)");
    client.close();
  });

  it("mints a read-only token: reads pass, writes get sqld's 403", async () => {
    const token = await cliToken("--read-only");
    expect(await checkSyncServer(sqld.url, token, signal())).toEqual({ ok: true });
    const client = createClient({ url: sqld.url, authToken: token });
    await expect(client.execute("CREATE TABLE ro_probe (v)")).rejects.toThrow(/403/);
    client.close();
  });

  it("refuses a bad key and bad flags with one line", async () => {
    const notAKey = await runUrsa(["sync", "token", "--key", keys.publicKeyFile], { cwd: dir, env: { URSA_HOME: dir } });
    expect(notAKey.code).toBe(1);
    expect(notAKey.stderr).toMatch(/^ursa sync: .*sqld-public\.pem is not a PEM private key; make one with: openssl genpkey -algorithm ed25519/);
    const badDays = await runUrsa(["sync", "token", "--key", keys.privateKeyFile, "--days", "0"], { cwd: dir, env: { URSA_HOME: dir } });
    expect(badDays.code).toBe(2);
    expect(badDays.stderr.split("\n")[0]).toBe('ursa sync: --days must be a positive number (got "0")');
  });
});

describe("the setup check shows the server's own reason", () => {
  it("an expired token (past sqld's 60 s leeway) is a 401 'The JWT has expired'", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = mintSyncToken(keys.privateKey, { readOnly: false, days: 1, now: now - 86_400 - 300 });
    const check = await checkSyncServer(sqld.url, expired, signal());
    expect(check).toMatchObject({ ok: false, state: "token_expired" });
    expect(!check.ok && check.line).toBe(
      `the token has expired (401 The JWT has expired); mint a new one (ursa sync token) and run ursa sync setup ${sqld.url} --token-file <file>`,
    );
  });

  it("a missing or foreign token is a 401 with sqld's words", async () => {
    const none = await checkSyncServer(sqld.url, null, signal());
    expect(!none.ok && none.line).toBe(`${sqld.url} refused the token (401 Expected authorization header but none given); pass a valid one with --token-file <file>`);
    const garbage = await checkSyncServer(sqld.url, "not.a.jwt", signal());
    expect(!garbage.ok && garbage.line).toMatch(/refused the token \(401 The JWT is invalid\)/);
  });

  it("a token scoped to one namespace sees its own and gets 404 on another", async () => {
    const alice = await cliToken("--namespace", "alice");
    const [onAlice, onBob] = await Promise.all([startHostProxy(namespaced.url, "alice.localhost"), startHostProxy(namespaced.url, "bob.localhost")]);
    try {
      expect(await checkSyncServer(onAlice.url, alice, signal())).toEqual({ ok: true });
      const check = await checkSyncServer(onBob.url, alice, signal());
      expect(check).toMatchObject({ ok: false, state: "not_found" });
      expect(!check.ok && check.line).toBe(`${onBob.url} has no database there (404 Namespace bob doesn't exist); check the URL, or that the token is for this namespace`);
    } finally {
      await Promise.all([onAlice.close(), onBob.close()]);
    }
  });

  it("an unreachable server is one 'cannot reach' line", async () => {
    const stopped = await startSqld();
    await stopped.remove();
    const check = await checkSyncServer(stopped.url, null, signal());
    expect(check).toEqual({ ok: false, state: "offline", line: `cannot reach ${stopped.url} (ECONNREFUSED)` });
  });
});

describe("a running process picks up a token another process set up", () => {
  it("a 401 re-reads the stored token and retries with the new one before reporting 'token expired'", async () => {
    const { join } = await import("node:path");
    const { openLibsqlStore } = await import("../../adapters/libsql-store/mod.ts");
    const { LibsqlSyncService } = await import("../../adapters/libsql-sync/mod.ts");
    const home = tempDir("ursa-sync-reread-");
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "dev-1" });
    const now = Math.floor(Date.now() / 1000);
    const expired = mintSyncToken(keys.privateKey, { readOnly: false, days: 1, now: now - 86_400 - 300 });
    const fresh = mintSyncToken(keys.privateKey, { readOnly: false, days: 1 });
    let stored = expired; // keys.json, as the dashboard read it when it started
    const options = { db: store.syncDatabase, device: { id: "dev-1", name: "desk" }, url: null, secrets: [], project: { key: "git:example", root: home } };
    const dashboard = new LibsqlSyncService({ ...options, token: expired, latestToken: () => stored });
    const cli = new LibsqlSyncService({ ...options, token: null });
    try {
      // `ursa sync setup … --token-file` in another terminal: checks, stores the new token, sets up.
      expect((await cli.setup(sqld.url, fresh, signal())).state).toBe("ok");
      stored = fresh;
      const round = await dashboard.round("both", signal());
      expect(round.status).toMatchObject({ state: "ok", lastError: null });
    } finally {
      dashboard.close();
      cli.close();
      await store.close();
    }
  });
});

describe("a read-only device and a server an older Ursa set up", () => {
  it("pulls, reading the creator column it may not add as empty, and reads it once a read-write device added it", async () => {
    const readWrite = mintSyncToken(keys.privateKey, { readOnly: false, days: 1 });
    const readOnly = mintSyncToken(keys.privateKey, { readOnly: true, days: 1 });
    const desk = await openSyncDevice("desk", { url: sqld.url, token: readWrite });
    const server = serverClient(sqld.url, readWrite);
    try {
      const first = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
      await desk.store.messages.insertMessage(first, { role: "user", content: "from the desk", complete: true });
      await desk.round();
      // What a server set up before the column was added looks like.
      await server.execute("ALTER TABLE sessions DROP COLUMN created_device_id");
      const phone = await openSyncDevice("phone", { url: sqld.url, token: readOnly });
      try {
        // The setup's harmless write (this device's row) was refused: it knows it can only pull.
        expect(await phone.sync.status(signal())).toMatchObject({ state: "ok", pullOnly: true });
        expect((await desk.sync.status(signal())).pullOnly).toBe(false);
        const pulled = await phone.round("pull");
        expect(pulled.status).toMatchObject({ state: "ok", lastError: null });
        expect((await phone.store.messages.loadAllMessages(first)).map((m) => m.content)).toEqual(["from the desk"]);
        // No creator on the server: readers take the device of the session's first message.
        expect((await phone.store.sessions.getSession(first))?.createdOn).toEqual({ deviceId: desk.deviceId, name: "desk" });

        const second = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
        await desk.round();
        expect((await server.execute("SELECT created_device_id FROM sessions WHERE id = ?", [second])).rows[0]?.[0]).toBe(desk.deviceId);
        expect((await phone.round("pull")).status.state).toBe("ok");
        expect((await phone.store.sessions.getSession(second))?.createdOn).toEqual({ deviceId: desk.deviceId, name: "desk" });

        // Written on the phone, which setup found pull-only: a both-ways round (the dashboard's
        // kind) only pulls and says the device is pull-only; a push round tries and is refused.
        const mine = await phone.store.sessions.createSession({ agentName: "main", project: phone.project });
        await phone.store.messages.insertMessage(mine, { role: "user", content: "on the phone", complete: true });
        const third = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
        await desk.round();
        const both = await phone.round("both");
        expect(both).toMatchObject({ pushed: 0, status: { state: "ok", pullOnly: true, lastError: null } });
        expect(both.status.queued).toBeGreaterThan(0);
        expect(both.pulled).toBeGreaterThan(0);
        expect(await phone.store.sessions.getSession(third)).not.toBeNull();
        const push = await phone.round("push");
        expect(push).toMatchObject({ pushed: 0, status: { state: "read_only", pullOnly: true } });
        expect(push.status.lastError).toMatch(/^403 .*Write permission/);
      } finally {
        await phone.close();
      }
    } finally {
      server.close();
      await desk.close();
    }
  });

  it("follows a session made local elsewhere, on a server with the guard triggers it could not create itself", async () => {
    const readWrite = mintSyncToken(keys.privateKey, { readOnly: false, days: 1 });
    const readOnly = mintSyncToken(keys.privateKey, { readOnly: true, days: 1 });
    const desk = await openSyncDevice("desk", { url: sqld.url, token: readWrite });
    const phone = await openSyncDevice("phone", { url: sqld.url, token: readOnly });
    const server = serverClient(sqld.url, readWrite);
    try {
      const id = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
      await desk.store.messages.insertMessage(id, { role: "user", content: "soon private", complete: true });
      await desk.round();
      expect((await phone.round()).status).toMatchObject({ state: "ok", lastError: null });
      expect((await phone.store.sessions.getSession(id))?.localOnly).toBe(false);

      await desk.sync.setLocalOnly(id, true, signal());
      await desk.round();
      expect((await server.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'made_local_%'")).rows[0]?.[0]).toBe(4);
      expect((await phone.round()).status).toMatchObject({ state: "ok", lastError: null });
      expect((await phone.store.sessions.getSession(id))?.localOnly).toBe(true);
      expect((await phone.store.messages.loadAllMessages(id)).map((m) => m.content)).toEqual(["soon private"]);
    } finally {
      server.close();
      await phone.close();
      await desk.close();
    }
  });
});
