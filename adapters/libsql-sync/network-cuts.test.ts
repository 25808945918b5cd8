import type { Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSqld, type Sqld } from "../../test/support/sqld.ts";
import { openSyncDevice, serverClient, serverMessages, type SyncDevice } from "../../test/support/sync-devices.ts";
import { startTcpProxy, type TcpProxy } from "../../test/support/tcp-proxy.ts";

describe("sync through network cuts (real sqld, proxy in its own process)", () => {
  let sqld: Sqld;
  let server: Client;
  let proxy: TcpProxy | null = null;
  const devices: SyncDevice[] = [];

  beforeEach(async () => {
    sqld = await startSqld();
    server = serverClient(sqld.url);
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await proxy?.stop();
    proxy = null;
    server.close();
    await sqld.remove();
  });

  const device = async (name: string, url: string, fetchTimeoutMs = 10_000) => {
    const d = await openSyncDevice(name, { url, fetchTimeoutMs });
    devices.push(d);
    return d;
  };

  const fill = async (d: SyncDevice, messages: number) => {
    const id = await d.store.sessions.createSession({ agentName: "main", project: d.project });
    for (let i = 0; i < messages; i++) await d.store.messages.insertMessage(id, { role: i % 2 ? "assistant" : "user", content: `message ${i}`, complete: true });
    return id;
  };

  /** The server holds exactly the local history: no duplicates, nothing missing. */
  const expectServerEqualsLocal = async (d: SyncDevice, id: string) => {
    const local = (await d.store.messages.loadAllMessages(id)).map((m) => ({ id: m.id, content: m.content }));
    expect(await serverMessages(server, id)).toEqual(local);
    const counts = await server.execute("SELECT count(*), count(DISTINCT id) FROM messages");
    expect([counts.rows[0]![0], counts.rows[0]![1]]).toEqual([local.length, local.length]);
  };

  it("survives sqld killed mid-push and restarted: offline, then the rest goes up once", async () => {
    const d = await device("a", sqld.url);
    const id = await fill(d, 3000);
    const round = d.round("push");
    // Kill it once the first batches have committed.
    while (Number((await server.execute("SELECT count(*) FROM messages").catch(() => ({ rows: [[0]] }))).rows[0]![0]) === 0) await new Promise((r) => setTimeout(r, 2));
    await sqld.stop();
    const cut = await round;
    expect(cut.status.state).toBe("offline");
    expect(cut.status.lastError).toMatch(/cannot reach|no answer/);
    expect(cut.status.queued).toBeGreaterThan(0);

    await sqld.restart();
    const partial = Number((await server.execute("SELECT count(*) FROM messages")).rows[0]![0]);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(3000);
    const again = await d.round();
    expect(again.status).toMatchObject({ state: "ok", queued: 0, lastError: null });
    await expectServerEqualsLocal(d, id);
  });

  it("resumes a pull cut by a dead server from its cursor, over several pages", async () => {
    const a = await device("a", sqld.url);
    const id = await fill(a, 1600);
    expect((await a.round("push")).status.state).toBe("ok");
    proxy = await startTcpProxy(sqld.port);
    const b = await device("b", proxy.url, 1500);
    const pulling = b.round("pull");
    // Cut the link once the first pages have landed on b.
    while ((await b.store.messages.loadAllMessages(id).catch(() => [])).length === 0) await new Promise((r) => setTimeout(r, 2));
    await proxy.setMode("blackhole");
    const cut = await pulling;
    expect(cut.status.state).toBe("offline");
    const partial = (await b.store.messages.loadAllMessages(id)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1600);
    await proxy.setMode("pass");
    const resumed = await b.round("pull");
    expect(resumed.status.state).toBe("ok");
    // Only what was missing came the second time.
    expect(resumed.pulled).toBeLessThanOrEqual(1600 - partial + 1);
    expect((await b.store.messages.loadAllMessages(id)).map((m) => m.id)).toEqual((await a.store.messages.loadAllMessages(id)).map((m) => m.id));
  });

  it("re-sends a batch whose reply was lost after the server committed it, without duplicates", async () => {
    proxy = await startTcpProxy(sqld.port);
    const d = await device("a", proxy.url, 1500);
    const id = await fill(d, 50);
    await proxy.setMode("swallow-writes");
    const lost = await d.round("push");
    expect(lost.status.state).toBe("offline");
    // The server committed it; the device could not know, so it is still queued.
    expect(await serverMessages(server, id)).toHaveLength(50);
    expect(lost.status.queued).toBeGreaterThan(0);

    await proxy.setMode("pass");
    const again = await d.round();
    expect(again.status).toMatchObject({ state: "ok", queued: 0 });
    await expectServerEqualsLocal(d, id);
  });

  it("reports a blackholed link as offline at the fetch timeout, then recovers", async () => {
    proxy = await startTcpProxy(sqld.port);
    const d = await device("a", proxy.url, 800);
    const id = await fill(d, 20);
    await proxy.setMode("blackhole");
    const states: string[] = [];
    const watching = d.sync.changes$.subscribe((s) => states.push(s.state));
    const dead = await d.round();
    expect(dead.status).toMatchObject({ state: "offline", queued: 21 });
    expect(dead.status.lastError).toMatch(/no answer from 127\.0\.0\.1:\d+ \(timed out\)/);
    // Local work goes on while offline.
    await d.store.messages.insertMessage(id, { role: "user", content: "written offline", complete: true });

    await proxy.setMode("pass");
    const back = await d.round();
    watching.unsubscribe();
    expect(back.status).toMatchObject({ state: "ok", queued: 0, lastError: null });
    expect(states).toContain("offline");
    expect(states.at(-1)).toBe("ok");
    await expectServerEqualsLocal(d, id);
  });

  it("reports a dead server as offline without throwing, and an aborted round rejects", async () => {
    const d = await device("a", sqld.url);
    await fill(d, 5);
    await sqld.stop();
    const down = await d.round();
    expect(down.status.state).toBe("offline");
    const controller = new AbortController();
    controller.abort(new Error("user quit"));
    await expect(d.sync.round("both", controller.signal)).rejects.toThrow("user quit");
    await sqld.restart();
  });
});
