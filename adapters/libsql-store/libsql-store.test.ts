import { createClient, type Client } from "@libsql/client";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeSessionStore } from "../../test/contract/session-store.contract.ts";
import { FakeClock } from "../../test/support/fake-clock.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { openLibsqlStore } from "./libsql-store.ts";
import { MIGRATIONS } from "./migrations.ts";

describeSessionStore("libsql file", async (clock) => {
  const dir = await makeTempDir("ursa-store");
  const store = await openLibsqlStore({ url: `file:${join(dir.path, "sessions.db")}`, deviceId: "device-a", now: clock.now });
  return { store, deviceId: "device-a", cleanup: dir.remove };
});

describeSessionStore("libsql :memory:", async (clock) => ({
  store: await openLibsqlStore({ url: ":memory:", deviceId: "device-a", now: clock.now }), deviceId: "device-a",
}));

// The same contract with the sync outbox's triggers live (sync enabled for this device).
describeSessionStore("libsql file, sync outbox on", async (clock) => {
  const dir = await makeTempDir("ursa-store");
  const store = await openLibsqlStore({ url: `file:${join(dir.path, "sessions.db")}`, deviceId: "device-a", now: clock.now });
  await store.syncDatabase.execute("INSERT INTO sync_state (key, value) VALUES ('outbox_device', ?)", ["device-a"]);
  return { store, deviceId: "device-a", cleanup: dir.remove };
});

describe("LibsqlStore on a file", () => {
  const project = { root: "/home/ada/src/ursa", key: "github.com/ada/ursa" };
  let dir: { path: string; remove: () => Promise<void> };
  let dbPath: string;
  let inspector: Client | undefined;

  beforeEach(async () => {
    dir = await makeTempDir("ursa-store");
    dbPath = join(dir.path, "state", "db", "ursa.db");
  });
  afterEach(async () => {
    inspector?.close();
    inspector = undefined;
    await dir.remove();
  });

  /** A second, read-only look at the file, to check what the port does not expose. */
  const inspect = async (sql: string): Promise<unknown[][]> => {
    inspector ??= createClient({ url: `file:${dbPath}` });
    return (await inspector.execute(sql)).rows.map((row) => Array.from(row));
  };

  it("creates the parent directories and an owner-only database file", async () => {
    const store = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "device-a" });
    await store.close();
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, "state", "db")).isDirectory()).toBe(true);
    expect(await inspect("PRAGMA journal_mode")).toEqual([["wal"]]);
  });

  it("keeps its data and applies each migration once across reopens", async () => {
    const clock = new FakeClock();
    const first = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "device-a", now: clock.now });
    const id = await first.sessions.createSession({ agentName: "main", project });
    await first.messages.insertMessage(id, { role: "user", content: "remember me", complete: true });
    await first.settings.kvSet("setting:model", "opus");
    await first.close();
    clock.advance(60_000);

    const second = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "device-a", now: clock.now });
    expect((await second.messages.loadContext(id)).map((m) => m.content)).toEqual(["remember me"]);
    expect(await second.settings.kvGet("setting:model")).toBe("opus");
    await second.close();

    const expected = MIGRATIONS.map((m) => [m.version, clock.now() - 60_000]);
    expect(await inspect("SELECT version, applied_at FROM schema_migrations ORDER BY version")).toEqual(expected);
    expect(expected[0]![0]).toBe(1);
  });

  it("leaves tombstones for a later sync and stamps every row with the device", async () => {
    const clock = new FakeClock();
    const store = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "laptop", now: clock.now });
    const gone = await store.sessions.createSession({ agentName: "main", project });
    await store.messages.insertMessage(gone, { role: "user", content: "bye", complete: true });
    await store.sessions.setSessionTitle(gone, "private title");
    const kept = await store.sessions.createSession({ agentName: "main", project });
    const ids = [];
    for (const content of ["a", "b", "c"]) ids.push(await store.messages.insertMessage(kept, { role: "user", content, complete: true }));
    await store.sessions.setMetadata(kept, "todo", "[]");
    await store.messages.compactSession(kept, "s", 1);
    clock.advance(1000);
    await store.sessions.deleteSession(gone);
    await store.messages.purgeCompacted(0);
    await store.close();

    expect(await inspect(`SELECT id, deleted_at, title FROM sessions WHERE deleted_at IS NOT NULL`)).toEqual([[gone, clock.now(), null]]);
    expect(await inspect(`SELECT count(*) FROM messages WHERE session_id = '${gone}'`)).toEqual([[0]]);
    expect(await inspect("SELECT table_name, row_id, deleted_at, device_id FROM tombstones ORDER BY row_id")).toEqual(
      ids.slice(0, 2).map((id) => ["messages", id, clock.now(), "laptop"]),
    );
    for (const table of ["sessions", "messages", "session_metadata", "kv_store", "tombstones"]) {
      const devices = await inspect(`SELECT DISTINCT device_id FROM ${table}`);
      expect(devices.flat().filter((d) => d !== "laptop"), table).toEqual([]);
    }
  });

  it("gives the summary pair sort keys between the archived rows and the tail", async () => {
    const store = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "device-a" });
    const id = await store.sessions.createSession({ agentName: "main", project });
    const ids = [];
    for (const content of ["a", "b", "c", "d"]) ids.push(await store.messages.insertMessage(id, { role: "user", content, complete: true }));
    await store.messages.compactSession(id, "s", 2);
    await store.close();
    expect(await inspect(`SELECT sort_key = id, sort_key FROM messages ORDER BY sort_key`)).toEqual([
      [1, ids[0]], [1, ids[1]], [0, `${ids[1]}~1`], [0, `${ids[1]}~2`], [1, ids[2]], [1, ids[3]],
    ]);
  });

  it("reports archived size in UTF-8 bytes", async () => {
    const store = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "device-a" });
    const id = await store.sessions.createSession({ agentName: "main", project });
    await store.messages.insertMessage(id, { role: "user", content: "é☃🐻", complete: true });
    await store.messages.insertMessage(id, { role: "user", content: "tail", complete: true });
    await store.messages.compactSession(id, "s", 1);
    expect((await store.messages.compactedStats()).sizeBytes).toBe(2 + 3 + 4);
    await store.close();
  });
});

describe("LibsqlStore after close", () => {
  it("drops a read still queued when its signal fires, and runs the calls queued behind it", async () => {
    const store = await openLibsqlStore({ url: ":memory:", deviceId: "device-a" });
    const id = await store.sessions.createSession({ agentName: "main", project: { root: "/p", key: "path:/p" } });
    const controller = new AbortController();
    const first = store.messages.insertMessage(id, { role: "user", content: "one", complete: true });
    const dropped = store.messages.loadAllMessages(id, controller.signal);
    const behind = store.messages.insertMessage(id, { role: "user", content: "two", complete: true });
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ name: "AbortError" });
    await Promise.all([first, behind]);
    expect((await store.messages.loadAllMessages(id)).map((m) => m.content)).toEqual(["one", "two"]);
    await store.close();
  });

  it("rejects calls after close", async () => {
    const store = await openLibsqlStore({ url: ":memory:", deviceId: "device-a" });
    await store.close();
    await expect(store.settings.kvGet("k")).rejects.toThrow();
  });
});

describe("adoptPathKeyedSessions", () => {
  it("moves this root's path-keyed sessions to the project's new key, and queues them for sync when it is on", async () => {
    const store = await openLibsqlStore({ url: ":memory:", deviceId: "device-a" });
    const root = "/home/ada/p4";
    const before = await store.sessions.createSession({ agentName: "main", project: { root, key: `path:${root}` } });
    const other = await store.sessions.createSession({ agentName: "main", project: { root: "/elsewhere", key: "path:/elsewhere" } });
    await store.syncDatabase.execute("INSERT INTO sync_state (key, value) VALUES ('outbox_device', 'device-a')", []);
    await store.syncDatabase.execute("DELETE FROM sync_outbox", []);
    await store.syncDatabase.execute("INSERT INTO sync_state (key, value) VALUES (?, 'git:github.com/acme/p4-old')", [`link:path:${root}`]);
    await store.adoptPathKeyedSessions({ root, key: "git:github.com/acme/p4" });
    expect(await store.syncDatabase.rows("SELECT value FROM sync_state WHERE key = 'link:git:github.com/acme/p4'", [])).toEqual([expect.objectContaining({ 0: "git:github.com/acme/p4-old" })]);
    expect((await store.sessions.listSessions({ projectKey: "git:github.com/acme/p4", limit: 10 })).map((s) => s.id)).toEqual([before]);
    expect((await store.sessions.getSession(other))!.projectKey).toBe("path:/elsewhere");
    const queued = await store.syncDatabase.rows("SELECT session_id FROM sync_outbox WHERE table_name = 'sessions'");
    expect(queued.map((r) => r[0])).toEqual([before]);
    await store.close();
  });
});
