import { createClient, type Client } from "@libsql/client";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../test/support/fake-clock.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { openLibsqlStore, type LibsqlStore } from "./libsql-store.ts";

describe("migration 5: the sync outbox and its triggers", () => {
  const project = { root: "/home/ada/src/ursa", key: "git:github.com/ada/ursa:." };
  let dir: { path: string; remove: () => Promise<void> };
  let store: LibsqlStore;
  let other: Client;
  const clock = new FakeClock();

  beforeEach(async () => {
    dir = await makeTempDir("ursa-outbox");
    store = await openLibsqlStore({ url: `file:${join(dir.path, "ursa.db")}`, deviceId: "device-a", now: clock.now });
    other = createClient({ url: `file:${join(dir.path, "ursa.db")}` });
  });
  afterEach(async () => {
    other.close();
    await store.close();
    await dir.remove();
  });

  const enable = () => store.syncDatabase.execute("INSERT INTO sync_state (key, value) VALUES ('outbox_device', 'device-a')", []);
  const outbox = async () =>
    (await store.syncDatabase.rows("SELECT table_name, row_id, version FROM sync_outbox ORDER BY table_name, row_id")).map((r) => [r[0], r[1], r[2]]);

  it("stays inert until sync is enabled", async () => {
    const id = await store.sessions.createSession({ agentName: "main", project });
    await store.messages.insertMessage(id, { role: "user", content: "hi", complete: true });
    await store.sessions.setTodo(id, "[]");
    expect(await outbox()).toEqual([]);
  });

  it("queues this device's rows once each, bumping the version on every change", async () => {
    await enable();
    const id = await store.sessions.createSession({ agentName: "main", project });
    const m = await store.messages.insertMessage(id, { role: "assistant", content: "partial", complete: false });
    await store.messages.markMessageComplete(m);
    await store.sessions.setTodo(id, "[]");
    await store.fileChanges.recordFileChange(id, { path: "/home/ada/src/ursa/a.ts", kind: "created", added: 1, removed: 0, turnId: "t1", tool: "Write", at: 1, undoable: true, before: null });
    const rows = await outbox();
    expect(rows.map((r) => r[0])).toEqual(["file_changes", "messages", "session_metadata", "sessions"]);
    expect(rows.find((r) => r[0] === "messages")).toEqual(["messages", m, 2]);
    expect(rows.find((r) => r[0] === "session_metadata")![1]).toBe("todo");
  });

  it("does not queue access-time updates", async () => {
    const id = await store.sessions.createSession({ agentName: "main", project });
    await store.messages.insertMessage(id, { role: "user", content: "hi", complete: true });
    await enable();
    await store.messages.loadContext(id);
    await store.sessions.getSessionIdleSeconds(id);
    expect(await outbox()).toEqual([]);
  });

  it("does not queue rows another device wrote (pulled rows)", async () => {
    await enable();
    await other.execute(`INSERT INTO sessions (id, agent_name, project_key, project_root, created_at, updated_at, device_id)
      VALUES ('s-b', 'main', 'k', '/r', 1, 1, 'device-b')`);
    await other.execute(`INSERT INTO messages (id, session_id, sort_key, role, content, created_at, updated_at, device_id)
      VALUES ('m-b', 's-b', 'm-b', 'user', 'from b', 1, 1, 'device-b')`);
    expect(await outbox()).toEqual([]);
  });

  it("keeps local-only sessions and their sub-agents out, including ones created later", async () => {
    await enable();
    const parent = await store.sessions.createSession({ agentName: "main", project });
    await store.syncDatabase.execute("UPDATE sessions SET local_only = 1 WHERE id = ?", [parent]);
    await store.syncDatabase.execute("DELETE FROM sync_outbox", []);
    const child = await store.sessions.createSession({ agentName: "explorer", project, parentId: parent });
    await store.messages.insertMessage(parent, { role: "user", content: "secret plan", complete: true });
    await store.messages.insertMessage(child, { role: "user", content: "sub-agent work", complete: true });
    await store.sessions.setTodo(child, "[]");
    expect(await outbox()).toEqual([]);
    expect((await store.sessions.getSession(child))?.localOnly).toBe(true);
  });

  it("reports another device's live lease on the session, with its name once known", async () => {
    const id = await store.sessions.createSession({ agentName: "main", project });
    const until = clock.now() + 60_000;
    await other.execute({ sql: "UPDATE sessions SET lease_device_id = 'device-b', lease_until = ? WHERE id = ?", args: [until, id] });
    expect((await store.sessions.getSession(id))?.leasedBy).toEqual({ device: "device-b", until });
    await other.execute("INSERT INTO sync_state (key, value) VALUES ('device:device-b', 'laptop')");
    expect((await store.sessions.getSession(id))?.leasedBy).toEqual({ device: "laptop", until });
    clock.advance(61_000);
    expect((await store.sessions.getSession(id))?.leasedBy).toBeNull();
    // This device's own lease is never reported.
    await store.messages.insertMessage(id, { role: "user", content: "mine now", complete: true });
    expect((await store.sessions.getSession(id))?.leasedBy).toBeNull();
  });

  it("gives the title and the mode their own clocks", async () => {
    const id = await store.sessions.createSession({ agentName: "main", project, mode: "safe" });
    clock.advance(1000);
    await store.sessions.setSessionTitle(id, "renamed");
    const row = (await other.execute({ sql: "SELECT title_updated_at, title_device_id, mode_updated_at FROM sessions WHERE id = ?", args: [id] })).rows[0]!;
    expect([row[0], row[1], row[2]]).toEqual([clock.now(), "device-a", clock.now() - 1000]);
  });

  it("never moves a field's clock back: a later edit here beats a pulled edit stamped by a clock running ahead", async () => {
    const id = await store.sessions.createSession({ agentName: "main", project });
    const ahead = clock.now() + 60_000;
    await other.execute({ sql: "UPDATE sessions SET title = 'theirs', title_updated_at = ?, title_device_id = 'device-z' WHERE id = ?", args: [ahead, id] });
    await other.execute({ sql: "INSERT INTO session_metadata (session_id, key, value, updated_at, device_id) VALUES (?, 'todo', 'theirs', ?, 'device-z')", args: [id, ahead] });
    await store.sessions.setSessionTitle(id, "mine, later");
    await store.sessions.setTodo(id, "mine, later");
    const row = (await other.execute({ sql: "SELECT title_updated_at FROM sessions WHERE id = ?", args: [id] })).rows[0]!;
    const todo = (await other.execute({ sql: "SELECT updated_at FROM session_metadata WHERE session_id = ?", args: [id] })).rows[0]!;
    expect([row[0], todo[0]]).toEqual([ahead + 1, ahead + 1]);
  });
});
