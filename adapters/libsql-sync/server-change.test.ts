import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED } from "../../core/domain/secret-redaction.ts";
import { startSqld, type Sqld } from "../../test/support/sqld.ts";
import { openSyncDevice, serverClient, serverMessages, type SyncDevice } from "../../test/support/sync-devices.ts";

/**
 * A machine that already syncs with one server and is set up with another: the new server gets
 * the whole history this machine holds, whichever device wrote it, not only its own rows.
 */
describe("setting up a different server", () => {
  let a: Sqld;
  let b: Sqld;
  const devices: SyncDevice[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startSqld(), startSqld()]);
  });
  afterAll(async () => {
    for (const d of devices.splice(0)) await d.close();
    await Promise.all([a?.remove(), b?.remove()]);
  });

  const device = async (name: string, url: string, secrets: string[] = []) => {
    const d = await openSyncDevice(name, { url, secrets });
    devices.push(d);
    return d;
  };
  const contents = async (d: SyncDevice, sessionId: string) => (await d.store.messages.loadAllMessages(sessionId)).map((m) => m.content);

  it("queues every synced row this machine holds, other devices' included, and keeps local-only sessions off", async () => {
    const deskKey = "desk-only-key-0123456789abcdef";
    const desk = await device("desk", a.url, [deskKey]);
    const laptop = await device("laptop", a.url);

    // Made on the desk, continued and renamed on the laptop: its session row was last written by a pull.
    const continued = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
    await desk.store.messages.insertMessage(continued, { role: "user", content: "started on the desk", complete: true });
    await desk.round();
    await laptop.round();
    await laptop.store.messages.insertMessage(continued, { role: "user", content: `continued on the laptop with ${deskKey}`, complete: true });
    await laptop.store.sessions.setSessionTitle(continued, "renamed on the laptop");
    // Made and written on the laptop only.
    const laptops = await laptop.store.sessions.createSession({ agentName: "main", project: laptop.project });
    await laptop.store.messages.insertMessage(laptops, { role: "user", content: "the laptop's own", complete: true });
    await laptop.store.sessions.setTodo(laptops, '[{"content":"from the laptop","status":"pending"}]');
    await laptop.round();
    await desk.round();
    // The desk's own, and one kept on the desk.
    const own = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
    await desk.store.messages.insertMessage(own, { role: "user", content: "the desk's own", complete: true });
    const local = await desk.store.sessions.createSession({ agentName: "main", project: desk.project });
    await desk.store.messages.insertMessage(local, { role: "user", content: "stays on the desk", complete: true });
    await desk.sync.setLocalOnly(local, true, AbortSignal.timeout(5_000));
    await desk.round();

    const setup = await desk.sync.setup(b.url, null, AbortSignal.timeout(20_000));
    expect(setup).toMatchObject({ state: "ok", lastError: null });
    expect((await desk.round("push")).status).toMatchObject({ state: "ok", queued: 0 });

    const fresh = await device("fresh", b.url);
    await fresh.round();
    const listed = await fresh.store.sessions.listSessions({ projectKey: fresh.project.key, limit: 10 });
    expect(listed.map((s) => s.id).sort()).toEqual([continued, laptops, own].sort());
    expect((await fresh.store.sessions.getSession(continued))?.title).toBe("renamed on the laptop");
    expect(await contents(fresh, continued)).toEqual(["started on the desk", `continued on the laptop with ${REDACTED}`]);
    expect(await contents(fresh, laptops)).toEqual(["the laptop's own"]);
    expect(await fresh.store.sessions.getTodo(laptops)).toBe('[{"content":"from the laptop","status":"pending"}]');
    expect(await contents(fresh, own)).toEqual(["the desk's own"]);

    const server = serverClient(b.url);
    try {
      expect(JSON.stringify((await server.execute("SELECT * FROM messages")).rows)).not.toContain(deskKey);
      expect(await serverMessages(server, local)).toEqual([]);
      expect((await server.execute({ sql: "SELECT count(*) FROM sessions WHERE id = ?", args: [local] })).rows[0]![0]).toBe(0);
    } finally {
      server.close();
    }
  }, 60_000);

  it("takes the same server spelled another way (a trailing slash) as the same: only this machine's rows are queued", async () => {
    const desk = await device("desk2", a.url);
    const laptop = await device("laptop2", a.url);
    const theirs = await laptop.store.sessions.createSession({ agentName: "main", project: laptop.project });
    await laptop.store.messages.insertMessage(theirs, { role: "user", content: "the laptop's", complete: true });
    await laptop.round();
    await desk.round();
    expect((await desk.sync.setup(`${a.url}/`, null, AbortSignal.timeout(20_000))).state).toBe("ok");
    expect((await desk.sync.status(AbortSignal.timeout(5_000))).queued).toBe(0);
  }, 60_000);

  it("takes a server that starts over at the same URL (its clock behind what this machine pulled) as another server", async () => {
    const server = serverClient(a.url);
    const empty = async () => {
      const tables = await server.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      await server.batch(tables.rows.map((r) => `DROP TABLE ${String(r[0])}`), "write");
    };
    try {
      await empty();
      const desk = await device("desk2", a.url);
      const laptop = await device("laptop2", a.url);
      const laptops = await laptop.store.sessions.createSession({ agentName: "main", project: laptop.project });
      await laptop.store.messages.insertMessage(laptops, { role: "user", content: "the laptop's", complete: true });
      await laptop.round();
      await desk.round();

      // The server is replaced by an empty one at the same address; the desk runs setup again.
      await empty();
      const setup = await desk.sync.setup(a.url, null, AbortSignal.timeout(20_000));
      expect(setup).toMatchObject({ state: "ok" });
      expect(setup.queued).toBeGreaterThan(0);
      expect((await desk.round()).status).toMatchObject({ state: "ok", queued: 0 });
      const fresh = await device("fresh2", a.url);
      await fresh.round();
      expect(await contents(fresh, laptops)).toEqual(["the laptop's"]);

      // Once more, and the desk only syncs (a dashboard running on): its round finds out.
      await empty();
      const round = await desk.round();
      expect(round.status).toMatchObject({ state: "ok", queued: 0 });
      expect(round.pushed).toBeGreaterThan(0);
      const another = await device("fresh3", a.url);
      await another.round();
      expect(await contents(another, laptops)).toEqual(["the laptop's"]);
    } finally {
      server.close();
    }
  }, 60_000);
});
