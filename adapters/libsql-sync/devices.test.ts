import type { Client } from "@libsql/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REDACTED } from "../../core/domain/secret-redaction.ts";
import { startSqld, type Sqld } from "../../test/support/sqld.ts";
import { openSyncDevice, serverClient, serverMessages, type SyncDevice } from "../../test/support/sync-devices.ts";

describe("sync between devices through a real sqld", () => {
  let sqld: Sqld;
  let server: Client;
  const devices: SyncDevice[] = [];

  beforeAll(async () => {
    sqld = await startSqld();
    server = serverClient(sqld.url);
  });
  afterAll(async () => {
    server?.close();
    await sqld?.remove();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    // A fresh server database for every test: drop what the previous one synced.
    const tables = await server.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    await server.batch(tables.rows.map((r) => `DROP TABLE ${String(r[0])}`), "write");
  });

  const device = async (name: string, options: Partial<Parameters<typeof openSyncDevice>[1]> = {}) => {
    const d = await openSyncDevice(name, { url: sqld.url, ...options });
    devices.push(d);
    return d;
  };
  /** A desk and a laptop sharing a session the desk started with `first`, pushed and pulled. */
  const deskAndLaptop = async (first = "from a") => {
    const a = await device("desk");
    const b = await device("laptop");
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.messages.insertMessage(id, { role: "user", content: first, complete: true });
    await a.round();
    await b.round();
    return { a, b, id };
  };
  const contents = async (d: SyncDevice, sessionId: string) => (await d.store.messages.loadAllMessages(sessionId)).map((m) => m.content);

  it("resumes a session on another checkout path with its whole history, appends from both kept in order", async () => {
    const desktop = await device("desktop", { root: "/home/ada/src/ursa" });
    const laptop = await device("laptop", { root: "/Users/ada/work/ursa" });
    const id = await desktop.store.sessions.createSession({ agentName: "main", project: desktop.project, mode: "auto" });
    await desktop.store.messages.insertMessage(id, { role: "user", content: "one", complete: true });
    await desktop.store.messages.insertMessage(id, { role: "assistant", content: "two", complete: true });
    await desktop.store.sessions.setTodo(id, '[{"content":"ship it","status":"pending"}]');
    // A change in flight on this machine (crash recovery data) is this machine's alone.
    await desktop.store.sessions.setMetadata(id, "pending_file_change", '{"path":"/home/ada/src/ursa/x.ts","before":"secret draft"}');
    await desktop.store.fileChanges.recordFileChange(id, { path: "/home/ada/src/ursa/src/a.ts", kind: "modified", added: 2, removed: 1, turnId: "t1", tool: "Edit", at: 5, undoable: true, before: "old text" });
    expect((await desktop.round()).pushed).toBeGreaterThan(0);
    expect((await laptop.round()).pulled).toBeGreaterThan(0);

    const listed = await laptop.store.sessions.listSessions({ projectKey: laptop.project.key, limit: 10 });
    expect(listed.map((s) => [s.id, s.projectRoot, s.mode])).toEqual([[id, "/Users/ada/work/ursa", "auto"]]);
    expect((await laptop.store.messages.loadContext(id)).map((m) => m.content)).toEqual(["one", "two"]);
    expect(await laptop.store.sessions.getTodo(id)).toBe('[{"content":"ship it","status":"pending"}]');
    expect(await laptop.store.sessions.getMetadata(id, "pending_file_change")).toBeNull();
    expect((await server.execute("SELECT key FROM session_metadata")).rows.map((r) => r[0])).toEqual(["todo"]);
    const [change] = await laptop.store.fileChanges.changesOf(id, "/Users/ada/work/ursa/src/a.ts");
    expect(change).toMatchObject({ kind: "modified", added: 2, undoable: false, before: null });
    // Undo stays local: the before-content never reached the server.
    expect((await server.execute("SELECT path FROM file_changes")).rows.map((r) => r[0])).toEqual(["src/a.ts"]);
    expect((await server.execute("SELECT count(*) FROM pragma_table_info('file_changes') WHERE name = 'before_content'")).rows[0]![0]).toBe(0);

    // Both append while apart; both keep everything, in the same order.
    await laptop.store.messages.insertMessage(id, { role: "user", content: "three (laptop)", complete: true });
    await desktop.store.messages.insertMessage(id, { role: "user", content: "three (desktop)", complete: true });
    for (let i = 0; i < 2; i++) for (const d of [desktop, laptop]) await d.round();
    expect(await contents(laptop, id)).toEqual(await contents(desktop, id));
    expect(await contents(laptop, id)).toHaveLength(4);
    expect((await serverMessages(server, id)).map((m) => m.content)).toEqual(await contents(desktop, id));
  });

  it("keeps a later rename against an earlier device's append, and the later todo edit", async () => {
    let t = Date.UTC(2026, 0, 1);
    const now = () => t;
    const a = await device("a", { now });
    const b = await device("b", { now });
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.sessions.setSessionTitle(id, "first");
    await a.round();
    await b.round();
    t += 1000;
    await b.store.sessions.setSessionTitle(id, "renamed on b");
    await b.store.sessions.setTodo(id, "b's todo");
    t += 1000;
    await a.store.messages.insertMessage(id, { role: "user", content: "a appends later", complete: true });
    t += 1000;
    await a.store.sessions.setTodo(id, "a's later todo");
    for (let i = 0; i < 2; i++) for (const d of [a, b]) await d.round();
    for (const d of [a, b]) {
      expect((await d.store.sessions.getSession(id))?.title).toBe("renamed on b");
      expect(await d.store.sessions.getTodo(id)).toBe("a's later todo");
    }
  });

  it("lets a delete win over a concurrent append, everywhere", async () => {
    const { a, b, id } = await deskAndLaptop("before");
    await b.store.messages.insertMessage(id, { role: "user", content: "b appends", complete: true });
    await a.store.sessions.deleteSession(id);
    for (let i = 0; i < 2; i++) for (const d of [a, b]) await d.round();
    for (const d of [a, b]) {
      expect(await d.store.sessions.getSession(id)).toBeNull();
      expect(await d.store.messages.loadAllMessages(id)).toEqual([]);
    }
    expect(await serverMessages(server, id)).toEqual([]);
    expect((await server.execute({ sql: "SELECT deleted_at IS NOT NULL, title FROM sessions WHERE id = ?", args: [id] })).rows.map((r) => [r[0], r[1]])).toEqual([[1, null]]);
  });

  it("keeps local-only sessions and their sub-agents off the server, and removes a shared one made local", async () => {
    const a = await device("a");
    const b = await device("b");
    const shared = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.messages.insertMessage(shared, { role: "user", content: "shared work", complete: true });
    await a.round();
    expect(await serverMessages(server, shared)).toHaveLength(1);

    const secret = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.sync.setLocalOnly(secret, true, AbortSignal.timeout(5000));
    const sub = await a.store.sessions.createSession({ agentName: "explorer", project: a.project, parentId: secret });
    await a.store.messages.insertMessage(secret, { role: "user", content: "private", complete: true });
    await a.store.messages.insertMessage(sub, { role: "user", content: "private sub-agent work", complete: true });
    // Made local after it was pushed: its remote copy (and its sub-agent's) goes.
    const subOfShared = await a.store.sessions.createSession({ agentName: "explorer", project: a.project, parentId: shared });
    await a.store.messages.insertMessage(subOfShared, { role: "user", content: "sub of shared", complete: true });
    await a.round();
    await a.sync.setLocalOnly(shared, true, AbortSignal.timeout(5000));
    await a.round();
    await b.round();

    expect((await server.execute("SELECT count(*) FROM sessions")).rows[0]![0]).toBe(0);
    expect((await server.execute("SELECT count(*) FROM messages")).rows[0]![0]).toBe(0);
    expect(await b.store.sessions.listSessions({ limit: 10 })).toEqual([]);
    expect((await a.store.sessions.getSession(sub))?.localOnly).toBe(true);

    // Shared again: all of it goes back up.
    await a.sync.setLocalOnly(shared, false, AbortSignal.timeout(5000));
    await a.round();
    await b.round();
    expect((await b.store.sessions.listSessions({ limit: 10 })).map((s) => s.id).sort()).toEqual([shared, subOfShared].sort());
    expect(await contents(b, shared)).toEqual(["shared work"]);
  });

  it("a session made local on one device becomes local on the others at their next pull, and is not pushed back", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    const sub = await desk.store.sessions.createSession({ agentName: "explorer", project: desk.project, parentId: id });
    await desk.store.messages.insertMessage(sub, { role: "user", content: "sub-agent work", complete: true });
    await desk.round();
    await laptop.round();
    expect((await laptop.store.sessions.getSession(sub))?.localOnly).toBe(false);

    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.round();
    // Meanwhile the laptop, which has not heard yet, works in its copy: a message and a rename.
    await laptop.store.messages.insertMessage(id, { role: "user", content: "from the laptop", complete: true });
    await laptop.store.sessions.setSessionTitle(id, "renamed on the laptop");
    await laptop.round();
    await laptop.round();

    // The server has nothing of it: what the laptop pushed before it heard was dropped there.
    for (const table of ["sessions", "messages", "session_metadata"]) {
      expect((await server.execute({ sql: `SELECT count(*) FROM ${table} WHERE ${table === "sessions" ? "id" : "session_id"} IN (?, ?)`, args: [id, sub] })).rows[0]![0]).toBe(0);
    }
    // The laptop keeps its copy, now local to it (listed ⌂, not ⇅), with its own work.
    for (const session of [id, sub]) expect((await laptop.store.sessions.getSession(session))?.localOnly).toBe(true);
    expect(await contents(laptop, id)).toEqual(["from the desk", "from the laptop"]);
    await laptop.store.messages.insertMessage(id, { role: "user", content: "more on the laptop", complete: true });
    await laptop.round();
    expect(await serverMessages(server, id)).toEqual([]);
    // The desk's copy is as it left it.
    await desk.round();
    expect(await contents(desk, id)).toEqual(["from the desk"]);

    // Shared again from the desk: its copy goes back up and other devices may have it again.
    await desk.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await desk.round();
    expect((await serverMessages(server, id)).map((m) => m.content)).toEqual(["from the desk"]);
    const third = await device("third");
    await third.round();
    expect((await third.store.sessions.listSessions({ limit: 10 })).map((s) => s.id).sort()).toEqual([id, sub].sort());
    expect((await third.store.sessions.getSession(id))?.localOnly).toBe(false);
  });

  it("a sub-agent session another device starts under a session made local stays off the server, whichever push comes first", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    const sessionsOnServer = async () => (await server.execute("SELECT id FROM sessions")).rows.map((r) => String(r[0]));
    // Before the desk's removal reached the server: the laptop's sub-agent session is already there.
    const early = await laptop.store.sessions.createSession({ agentName: "explorer", project: laptop.project, parentId: id });
    await laptop.store.messages.insertMessage(early, { role: "user", content: "PRIVATE early sub-agent work", complete: true });
    await laptop.round("push");
    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.round("push");
    expect(await sessionsOnServer()).toEqual([]);

    // After it: the laptop, which has not pulled yet, starts another one (and a grandchild).
    const late = await laptop.store.sessions.createSession({ agentName: "explorer", project: laptop.project, parentId: id });
    const grandchild = await laptop.store.sessions.createSession({ agentName: "explorer", project: laptop.project, parentId: late });
    await laptop.store.messages.insertMessage(late, { role: "user", content: "PRIVATE late sub-agent work", complete: true });
    await laptop.store.messages.insertMessage(grandchild, { role: "user", content: "PRIVATE grandchild work", complete: true });
    await laptop.round("push");
    expect(await sessionsOnServer()).toEqual([]);
    expect(await serverMessages(server)).toEqual([]);
    // A todo written later on its own (no session row in that push) is dropped as well.
    await laptop.store.sessions.setTodo(late, '[{"content":"PRIVATE todo","status":"pending"}]');
    await laptop.round("push");
    expect((await server.execute("SELECT count(*) FROM session_metadata")).rows[0]![0]).toBe(0);

    await laptop.round();
    for (const session of [id, early, late, grandchild]) expect((await laptop.store.sessions.getSession(session))?.localOnly).toBe(true);
    const third = await device("third");
    await third.round();
    expect(await third.store.sessions.listSessions({ limit: 10 })).toEqual([]);
  });

  it("a push the server dropped (the session was made local elsewhere) makes the copy local-only at once, even when the word is lifted before the next pull", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    const sub = await laptop.store.sessions.createSession({ agentName: "explorer", project: laptop.project, parentId: id });
    await laptop.round("push");
    await desk.round("pull");
    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.round("push");
    await laptop.store.messages.insertMessage(id, { role: "user", content: "laptop in between", complete: true });
    const round = await laptop.round("push");
    expect(round.status.queued).toBe(0);
    // Its copy follows the server's decision: local-only, with the family, nothing left queued.
    for (const session of [id, sub]) expect((await laptop.store.sessions.getSession(session))?.localOnly).toBe(true);

    // The desk shares it again before the laptop pulls: the laptop's copy stays as the server left it, visibly local.
    await desk.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await desk.round();
    await laptop.store.messages.insertMessage(id, { role: "user", content: "laptop after", complete: true });
    await laptop.round();
    await desk.round();
    expect((await laptop.store.sessions.getSession(id))?.localOnly).toBe(true);
    expect(await contents(laptop, id)).toEqual(["from the desk", "laptop in between", "laptop after"]);
    expect((await serverMessages(server, id)).map((m) => m.content)).toEqual(["from the desk"]);
    expect(await contents(desk, id)).toEqual(["from the desk"]);
  });

  it("made local and shared again before any push: nothing is removed from the server, and what was queued meanwhile still goes", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    await laptop.store.messages.insertMessage(id, { role: "user", content: "from the laptop", complete: true });
    await laptop.round();
    // Written on the desk and queued, then the two switches before the desk pushes anything.
    await desk.store.messages.insertMessage(id, { role: "user", content: "desk, queued", complete: true });
    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await desk.round();
    await laptop.round();
    await desk.round();
    expect((await serverMessages(server, id)).map((m) => m.content)).toEqual(["from the desk", "from the laptop", "desk, queued"]);
    expect((await server.execute("SELECT count(*) FROM tombstones")).rows[0]![0]).toBe(0);
    for (const d of [desk, laptop]) {
      expect((await d.store.sessions.getSession(id))?.localOnly).toBe(false);
      expect(await contents(d, id)).toEqual(["from the desk", "from the laptop", "desk, queued"]);
    }
  });

  it("a copy made local by another device, shared again there, gets what was written elsewhere while it was local", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.round();
    await laptop.round();
    expect((await laptop.store.sessions.getSession(id))?.localOnly).toBe(true);
    await laptop.store.messages.insertMessage(id, { role: "user", content: "laptop while local", complete: true });
    // The desk shares it again and goes on (a message, a sub-agent with its own, a todo); the
    // laptop pulls all that while its copy is still local, so its cursors move past it.
    await desk.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await desk.store.messages.insertMessage(id, { role: "user", content: "desk after share", complete: true });
    const sub = await desk.store.sessions.createSession({ agentName: "explorer", project: desk.project, parentId: id });
    await desk.store.messages.insertMessage(sub, { role: "user", content: "desk sub-agent", complete: true });
    await desk.store.sessions.setTodo(id, '[{"content":"from the desk","status":"pending"}]');
    await desk.round();
    await laptop.round();
    expect(await contents(laptop, id)).toEqual(["from the desk", "laptop while local"]);

    await laptop.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await laptop.round();
    await desk.round();
    expect((await laptop.store.sessions.getSession(id))?.localOnly).toBe(false);
    expect(await contents(laptop, id)).toEqual(["from the desk", "laptop while local", "desk after share"]);
    expect(await contents(laptop, sub)).toEqual(["desk sub-agent"]);
    expect(await laptop.store.sessions.getTodo(id)).toBe('[{"content":"from the desk","status":"pending"}]');
    expect(await contents(desk, id)).toEqual(["from the desk", "laptop while local", "desk after share"]);
    // Fetched once: the next round has nothing more to take.
    expect((await laptop.round()).pulled).toBe(0);
  });

  it("an older Ursa, which ignores the word, cannot put a session made local back on the server", async () => {
    const { a: desk, b: laptop, id } = await deskAndLaptop("from the desk");
    const other = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
    await desk.round();
    await desk.sync.setLocalOnly(id, true, AbortSignal.timeout(5000));
    await desk.round();
    // An older Ursa's push, as its statements go: the session row, a message, a sub-agent's
    // session with a message; and a message for a session nobody made local.
    const older = "older-device";
    const sub = "01900000-0000-7000-8000-00000000abcd";
    const session = (sessionId: string, parentId: string | null) => ({
      sql: `INSERT INTO sessions (id, agent_name, project_key, project_root, parent_id, title_updated_at, title_device_id, mode_updated_at, mode_device_id,
              created_at, updated_at, device_id, rseq) VALUES (?, 'main', 'k', '/r', ?, 0, ?, 0, ?, 1, 2, ?, (SELECT seq FROM sync_clock))
            ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, rseq = excluded.rseq`,
      args: [sessionId, parentId, older, older, older],
    });
    const message = (messageId: string, sessionId: string, content: string) => ({
      sql: `INSERT INTO messages (id, session_id, sort_key, role, content, created_at, updated_at, device_id, rseq)
            VALUES (?, ?, 'z', 'user', ?, 3, 3, ?, (SELECT seq FROM sync_clock)) ON CONFLICT (id) DO UPDATE SET content = excluded.content, rseq = excluded.rseq`,
      args: [messageId, sessionId, content, older],
    });
    await server.batch([
      "UPDATE sync_clock SET seq = seq + 1",
      session(id, null), message("01900000-0000-7000-8000-000000000001", id, "older, private"),
      session(sub, id), message("01900000-0000-7000-8000-000000000002", sub, "older, private sub-agent"),
      message("01900000-0000-7000-8000-000000000003", other, "older, shared"),
    ], "write");
    expect((await server.execute("SELECT id FROM sessions")).rows.map((r) => String(r[0]))).toEqual([other]);
    expect((await serverMessages(server)).map((m) => m.content)).toEqual(["older, shared"]);
    // The sub-agent's session is marked too: its rows coming later, alone, are dropped as well.
    await server.batch([message("01900000-0000-7000-8000-000000000004", sub, "older, later")], "write");
    expect((await serverMessages(server)).map((m) => m.content)).toEqual(["older, shared"]);

    const third = await device("third");
    await third.round();
    expect((await third.store.sessions.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([other]);
    // Shared again, it goes back up as usual.
    await desk.sync.setLocalOnly(id, false, AbortSignal.timeout(5000));
    await desk.round();
    await laptop.round();
    await third.round();
    expect(await contents(third, id)).toEqual(["from the desk"]);
  });

  it("redacts secrets before they leave: patterns and this machine's key values", async () => {
    const localKey = "local-provider-key-0123456789";
    const a = await device("a", { secrets: [localKey] });
    const b = await device("b");
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.sessions.setSessionTitle(id, `deploy with ${localKey}`);
    // A failed turn's reason quotes the provider, which may echo what it was sent.
    await a.store.sessions.setMetadata(id, "turn_failure", `gateway refused key ${localKey}`);
    await a.store.messages.insertMessage(id, { role: "user", content: "my key is sk-ant-api03-abcdefghijklmnopqrstuvwxyz", complete: true });
    await a.store.messages.insertMessage(id, {
      role: "assistant", content: null, complete: true, thinkingContent: `the user's key ${localKey}`, thinkingSignature: "sig",
      toolCalls: [{ id: "c1", name: "Bash", arguments: JSON.stringify({ command: `curl -H "Authorization: Bearer ${localKey}" https://x` }) }],
    });
    await a.store.messages.insertToolMessageWithFull(id, { toolCallId: "c1", content: "summary", fullContent: "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 printed" });
    await a.round();
    await b.round();

    const dump = ["messages", "sessions", "session_metadata"].map(async (t) => JSON.stringify((await server.execute(`SELECT * FROM ${t}`)).rows));
    const all = (await Promise.all(dump)).join("");
    for (const secret of [localKey, "sk-ant-api03", "ghp_abc", "the user's key", "\"sig\""]) expect(all).not.toContain(secret);
    expect(all).toContain(REDACTED);
    expect(await b.store.sessions.getMetadata(id, "turn_failure")).toBe(`gateway refused key ${REDACTED}`);
    const onB = await b.store.messages.loadAllMessages(id);
    expect(onB[0]!.content).toBe(`my key is ${REDACTED}`);
    expect(onB[1]).toMatchObject({ thinkingContent: null, thinkingSignature: null });
    expect(JSON.parse(onB[1]!.toolCalls[0]!.arguments)).toEqual({ command: `curl -H "Authorization: Bearer ${REDACTED}" https://x` });
    expect((await b.store.sessions.getSession(id))?.title).toBe(`deploy with ${REDACTED}`);
    // The local copy keeps the original.
    expect((await a.store.messages.loadAllMessages(id))[0]!.content).toContain("sk-ant-api03");
  });

  it("syncs three devices, reports another device's live lease by name, and keeps its own rows off its pulls", async () => {
    const { a, b, id } = await deskAndLaptop();
    const c = await device("server");
    await b.store.messages.insertMessage(id, { role: "user", content: "from b", complete: true });
    await b.round();
    await c.round();
    await c.store.messages.insertMessage(id, { role: "user", content: "from c", complete: true });
    for (let i = 0; i < 2; i++) for (const d of [c, a, b]) await d.round();
    for (const d of [a, b, c]) expect(await contents(d, id)).toEqual(["from a", "from b", "from c"]);
    expect((await a.store.sessions.getSession(id))?.leasedBy).toMatchObject({ device: "server" });
    expect((await c.store.sessions.getSession(id))?.leasedBy).toBeNull();
    const status = await a.sync.status(AbortSignal.timeout(1000));
    expect(status).toMatchObject({ state: "ok", queued: 0, lastError: null });
    expect(status.devices.map((d) => d.name).sort()).toEqual(["desk", "laptop", "server"]);
    // Nothing left to do anywhere.
    for (const d of [a, b, c]) expect(await d.round()).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it("reports the device that created a session, by name, after another device wrote to it last", async () => {
    const { a, b, id } = await deskAndLaptop();
    await b.store.messages.insertMessage(id, { role: "user", content: "from b", complete: true });
    await b.round();
    await a.round();
    for (const d of [a, b]) expect((await d.store.sessions.getSession(id))?.createdOn).toEqual({ deviceId: a.deviceId, name: "desk" });
    const fromB = await b.store.sessions.createSession({ agentName: "main", project: b.project });
    await b.round();
    await a.round();
    expect((await a.store.sessions.getSession(fromB))?.createdOn).toEqual({ deviceId: b.deviceId, name: "laptop" });
  });

  it("adds the creator column to a server an older Ursa set up, and still syncs with it", async () => {
    const a = await device("desk");
    await server.execute("ALTER TABLE sessions DROP COLUMN created_device_id");
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.messages.insertMessage(id, { role: "user", content: "after the upgrade", complete: true });
    expect((await a.round()).status).toMatchObject({ state: "ok", queued: 0 });
    const b = await device("laptop");
    await b.round();
    expect((await b.store.sessions.getSession(id))?.createdOn).toEqual({ deviceId: a.deviceId, name: "desk" });
  });

  it("lists this device from its setup on, before it has pushed anything, and names its sessions' creator", async () => {
    const a = await device("desk");
    const names = async () => (await a.sync.status(AbortSignal.timeout(1000))).devices.map((d) => [d.id, d.name]);
    expect(await names()).toEqual([[a.deviceId, "desk"]]);
    expect((await a.round("pull")).pushed).toBe(0);
    expect(await names()).toEqual([[a.deviceId, "desk"]]);
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    expect((await a.store.sessions.getSession(id))?.createdOn).toEqual({ deviceId: a.deviceId, name: "desk" });
    const b = await device("laptop");
    await b.store.sessions.createSession({ agentName: "main", project: b.project });
    await b.round();
    await a.round("pull");
    expect((await names()).sort()).toEqual([[a.deviceId, "desk"], [b.deviceId, "laptop"]].sort());
  });

  it("a release is pushed even when the session's row was last written by a pull (a rename from another device)", async () => {
    const { a, b, id } = await deskAndLaptop();
    await b.store.sessions.setSessionTitle(id, "renamed on the laptop");
    await b.round();
    await a.round();
    expect((await a.store.sessions.getSession(id))?.title).toBe("renamed on the laptop");
    await a.sync.releaseLease(id, AbortSignal.timeout(1000));
    expect((await a.round()).pushed).toBe(1);
    await b.round();
    expect((await b.store.sessions.getSession(id))?.leasedBy).toBeNull();
    expect((await b.store.sessions.getSession(id))?.title).toBe("renamed on the laptop");
  });

  it("a released lease shows the session running nowhere, and never ends a lease another device took since", async () => {
    const { a, b, id } = await deskAndLaptop();
    expect((await b.store.sessions.getSession(id))?.leasedBy).toMatchObject({ device: "desk" });
    await a.sync.releaseLease(id, AbortSignal.timeout(1000));
    expect((await a.round()).pushed).toBe(1);
    await b.round();
    expect((await b.store.sessions.getSession(id))?.leasedBy).toBeNull();

    // The desk writes again; the laptop takes over before the desk, not having pulled, ends its own lease.
    await a.store.messages.insertMessage(id, { role: "user", content: "again from a", complete: true });
    await a.round();
    await b.round();
    await b.store.messages.insertMessage(id, { role: "user", content: "from b", complete: true });
    await b.round();
    await a.sync.releaseLease(id, AbortSignal.timeout(1000));
    await a.round();
    await b.round();
    expect((await a.store.sessions.getSession(id))?.leasedBy).toMatchObject({ device: "laptop" });
    expect((await b.store.sessions.getSession(id))?.leasedBy).toBeNull();
    expect((await server.execute({ sql: "SELECT lease_device_id FROM sessions WHERE id = ?", args: [id] })).rows[0]![0]).toBe(b.deviceId);
  });

  it("a lease taken on opening beats the one it replaces everywhere, and is not taken again while most of it is left", async () => {
    const { a, b, id } = await deskAndLaptop();
    expect((await b.store.sessions.getSession(id))?.leasedBy).toMatchObject({ device: "desk" });
    // The laptop takes the session over without writing to it.
    expect(await b.sync.takeLease(id, AbortSignal.timeout(1000))).toBe(true);
    expect(await b.sync.takeLease(id, AbortSignal.timeout(1000))).toBe(false);
    expect((await b.round()).pushed).toBe(1);
    // The round names the session whose rows it brought (a dashboard reads it again).
    expect((await a.round()).sessions).toEqual([id]);
    expect((await a.store.sessions.getSession(id))?.leasedBy).toMatchObject({ device: "laptop" });
    expect((await b.store.sessions.getSession(id))?.leasedBy).toBeNull();
    // Its own row coming back changes nothing, so nothing is pushed again.
    await b.round();
    expect((await b.round()).pushed).toBe(0);
  });

  it("a renewal extends only a lease this device still holds: one that lapsed (the laptop slept) does not take the session back", async () => {
    let t = Date.UTC(2026, 0, 1);
    const now = () => t;
    const desk = await device("desk", { now });
    const laptop = await device("laptop", { now });
    const id = await laptop.store.sessions.createSession({ agentName: "main", project: laptop.project });
    expect(await laptop.sync.takeLease(id, AbortSignal.timeout(1000))).toBe(true);
    await laptop.round();
    await desk.round();
    // Held with most of it left: nothing to renew yet.
    expect(await laptop.sync.renewLease(id, AbortSignal.timeout(1000))).toBe(false);
    t += 60_000;
    expect(await laptop.sync.renewLease(id, AbortSignal.timeout(1000))).toBe(true);
    await laptop.round();
    // The laptop sleeps past its lease; the desk opens the session meanwhile.
    t += 5 * 60_000;
    expect(await desk.sync.takeLease(id, AbortSignal.timeout(1000))).toBe(true);
    await desk.round();
    // Awake, the laptop's minutely renewal comes before its pull: it must not take the session back.
    expect(await laptop.sync.renewLease(id, AbortSignal.timeout(1000))).toBe(false);
    await laptop.round();
    await desk.round();
    for (const d of [desk, laptop]) expect((await d.store.sessions.getSession(id))?.leasedBy).toEqual(d === desk ? null : expect.objectContaining({ device: "desk" }));
  });

  it("turned off, queues nothing and sends nothing; turned back on, sends what was written meanwhile", async () => {
    const a = await device("a");
    const b = await device("b");
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.round();
    await a.sync.setEnabled(false, AbortSignal.timeout(1000));
    await a.store.messages.insertMessage(id, { role: "user", content: "written while off", complete: true });
    expect(await a.round()).toMatchObject({ pushed: 0, status: { state: "off", queued: 0 } });
    expect(await serverMessages(server, id)).toEqual([]);
    await a.sync.setEnabled(true, AbortSignal.timeout(1000));
    expect((await a.round()).status).toMatchObject({ state: "ok", queued: 0 });
    await b.round();
    expect(await contents(b, id)).toEqual(["written while off"]);
  });

  it("refuses a server whose format is newer than it knows, touching nothing", async () => {
    const a = await device("a");
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.messages.insertMessage(id, { role: "user", content: "stays queued", complete: true });
    await server.execute("UPDATE sync_meta SET value = '2' WHERE key = 'format'");
    const round = await a.round();
    expect(round.status).toMatchObject({ state: "needs_newer", queued: 2 });
    expect(round.status.lastError).toMatch(/format 2; this Ursa knows up to 1/);
    expect(await serverMessages(server)).toEqual([]);
    const again = await a.sync.setup(sqld.url, null, AbortSignal.timeout(5000));
    expect(again.state).toBe("needs_newer");
  });

  it("links a path: project to another machine's key", async () => {
    const a = await device("a", { projectKey: "path:/home/ada/notes", root: "/home/ada/notes" });
    const b = await device("b", { projectKey: "path:/Users/ada/notes", root: "/Users/ada/notes" });
    const id = await a.store.sessions.createSession({ agentName: "main", project: a.project });
    await a.store.messages.insertMessage(id, { role: "user", content: "notes", complete: true });
    // B worked here before linking: that session must follow the link too.
    const earlier = await b.store.sessions.createSession({ agentName: "main", project: b.project });
    await a.round();
    await b.round();
    expect((await b.store.sessions.listSessions({ projectKey: b.project.key, limit: 10 })).map((s) => s.id)).toEqual([earlier]);
    await b.sync.link("path:/home/ada/notes", AbortSignal.timeout(1000));
    expect((await b.store.sessions.getSession(id))).toMatchObject({ projectKey: b.project.key, projectRoot: "/Users/ada/notes" });
    // B's own new session goes up under the linked key, so A sees it too.
    const fromB = await b.store.sessions.createSession({ agentName: "main", project: b.project });
    await b.round();
    await a.round();
    expect((await a.store.sessions.listSessions({ projectKey: a.project.key, limit: 10 })).map((s) => s.id).sort()).toEqual([id, fromB, earlier].sort());
    expect((await a.store.sessions.getSession(earlier))?.projectRoot).toBe("/home/ada/notes");
  });
});
