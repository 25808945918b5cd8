import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRUST_MODES } from "../../core/domain/trust-mode.ts";
import { startSqld, type Sqld } from "../../test/support/sqld.ts";
import { openSyncDevice, serverClient, type SyncDevice } from "../../test/support/sync-devices.ts";

type Op =
  | { kind: "create"; dev: number }
  | { kind: "append"; dev: number; pick: number; text: string }
  | { kind: "rename"; dev: number; pick: number; title: string }
  | { kind: "mode"; dev: number; pick: number; mode: (typeof TRUST_MODES)[number] }
  | { kind: "todo"; dev: number; pick: number; value: string }
  | { kind: "delete"; dev: number; pick: number }
  | { kind: "sync"; dev: number; round: "both" | "push" | "pull" }
  | { kind: "tick"; ms: number };

const dev = fc.integer({ min: 0, max: 1 });
const pick = fc.nat(3);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("create" as const), dev }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("append" as const), dev, pick, text: fc.string({ maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rename" as const), dev, pick, title: fc.string({ minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("mode" as const), dev, pick, mode: fc.constantFrom(...TRUST_MODES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("todo" as const), dev, pick, value: fc.string({ maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), dev, pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("sync" as const), dev, round: fc.constantFrom("both" as const, "push" as const, "pull" as const) }) },
  // 0 ms: writes on both devices within the same millisecond, so (clock, device) ties happen.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 3 }) }) },
);

/** What a user sees of a device's sessions: the thing that must converge. */
async function snapshot(d: SyncDevice) {
  const sessions = (await d.store.sessions.listSessions({ limit: 1000 })).sort((a, b) => (a.id < b.id ? -1 : 1));
  return Promise.all(sessions.map(async (s) => ({
    id: s.id, title: s.title, mode: s.mode, updatedAt: s.updatedAt,
    messages: (await d.store.messages.loadAllMessages(s.id)).map((m) => [m.id, m.content]),
    todo: await d.store.sessions.getTodo(s.id),
  })));
}

describe("sync converges (property, real sqld)", () => {
  let sqld: Sqld;
  beforeAll(async () => {
    sqld = await startSqld();
  });
  afterAll(async () => {
    await sqld?.remove();
  });

  it("random operations on two devices converge after two rounds each", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        let t = Date.UTC(2026, 0, 1);
        const now = () => t;
        // Each run on its own server database: a fresh namespace-free sqld would be slow, so
        // distinct project data suffices as long as the devices are fresh: drop the tables.
        const admin = serverClient(sqld.url);
        const tables = await admin.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        if (tables.rows.length > 0) await admin.batch(tables.rows.map((r) => `DROP TABLE ${String(r[0])}`), "write");
        admin.close();
        const devices = [
          await openSyncDevice(`a${run}`, { url: sqld.url, now, root: "/home/a/ursa" }),
          await openSyncDevice(`b${run}`, { url: sqld.url, now, root: "/Users/b/ursa" }),
        ];
        run++;
        try {
          // A shared starting point: one session both devices hold.
          await devices[0]!.store.sessions.createSession({ agentName: "main", project: devices[0]!.project });
          for (const d of devices) await d.round();
          for (const o of ops) {
            if (o.kind === "tick") {
              t += o.ms;
              continue;
            }
            const d = devices[o.dev]!;
            if (o.kind === "create") {
              await d.store.sessions.createSession({ agentName: "main", project: d.project });
              continue;
            }
            if (o.kind === "sync") {
              expect((await d.round(o.round)).status.state).toBe("ok");
              continue;
            }
            const live = (await d.store.sessions.listSessions({ limit: 1000 })).sort((a, b) => (a.id < b.id ? -1 : 1));
            if (live.length === 0) continue;
            const id = live[o.pick % live.length]!.id;
            if (o.kind === "append") await d.store.messages.insertMessage(id, { role: "user", content: o.text, complete: true });
            else if (o.kind === "rename") await d.store.sessions.setSessionTitle(id, o.title);
            else if (o.kind === "mode") await d.store.sessions.setSessionMode(id, o.mode);
            else if (o.kind === "todo") await d.store.sessions.setTodo(id, o.value);
            else await d.store.sessions.deleteSession(id);
          }
          for (let i = 0; i < 2; i++) for (const d of devices) expect((await d.round()).status.state).toBe("ok");
          expect(await snapshot(devices[1]!)).toEqual(await snapshot(devices[0]!));
        } finally {
          for (const d of devices) await d.close();
        }
      }),
      { numRuns: 40, seed: Number(process.env["URSA_PROPERTY_SEED"] ?? 20261204) },
    );
  }, 240_000);
});
