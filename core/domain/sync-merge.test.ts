import { describe, expect, it } from "vitest";
import { compareRows } from "./message-order.ts";
import { isLaterWrite, keepsChild, laterRow, mergeSessions, type SyncedSession } from "./sync-merge.ts";

const session = (over: Partial<SyncedSession> = {}): SyncedSession => ({
  id: "s", agentName: "main", projectKey: "git:x:.", projectRoot: "/a", parentId: null, createdAt: 1,
  title: "first", titleClock: { at: 1, device: "a" }, mode: "safe", modeClock: { at: 1, device: "a" },
  deletedAt: null, updatedAt: 1, deviceId: "a", leaseDeviceId: null, leaseUntil: null, createdDeviceId: "a", ...over,
});

describe("sync merge rules", () => {
  it("orders writes by clock, then device", () => {
    expect(isLaterWrite({ at: 2, device: "a" }, { at: 1, device: "b" })).toBe(true);
    expect(isLaterWrite({ at: 1, device: "b" }, { at: 1, device: "a" })).toBe(true);
    expect(isLaterWrite({ at: 1, device: "a" }, { at: 1, device: "a" })).toBe(false);
  });

  it("keeps the later whole row whichever side it is on", () => {
    const a = { updatedAt: 5, deviceId: "a", v: 1 };
    const b = { updatedAt: 5, deviceId: "b", v: 2 };
    expect(laterRow(a, b)).toBe(b);
    expect(laterRow(b, a)).toBe(b);
  });

  it("orders appends by sort key, then id", () => {
    const rows = [{ sortKey: "2", id: "a" }, { sortKey: "1~1", id: "z" }, { sortKey: "1", id: "b" }, { sortKey: "1", id: "a" }];
    expect([...rows].sort(compareRows).map((r) => `${r.sortKey}/${r.id}`)).toEqual(["1/a", "1/b", "1~1/z", "2/a"]);
  });

  it("does not let an append on one device undo a later rename on another", () => {
    // B renamed at 10; A appended at 20 (bumping updated_at) still holding the old title.
    const renamedOnB = session({ title: "renamed", titleClock: { at: 10, device: "b" }, updatedAt: 10, deviceId: "b" });
    const appendedOnA = session({ updatedAt: 20, deviceId: "a", leaseDeviceId: "a", leaseUntil: 140 });
    for (const merged of [mergeSessions(renamedOnB, appendedOnA), mergeSessions(appendedOnA, renamedOnB)]) {
      expect(merged.title).toBe("renamed");
      expect([merged.updatedAt, merged.deviceId, merged.leaseDeviceId]).toEqual([20, "a", "a"]);
    }
  });

  it("is commutative and idempotent on the merged fields", () => {
    const a = session({ mode: "auto", modeClock: { at: 7, device: "a" }, updatedAt: 7 });
    const b = session({ title: "b", titleClock: { at: 3, device: "b" }, updatedAt: 3, deviceId: "b" });
    expect(mergeSessions(a, b)).toEqual(mergeSessions(b, a));
    expect(mergeSessions(mergeSessions(a, b), b)).toEqual(mergeSessions(a, b));
  });

  it("keeps the creator whoever wrote last, and takes it from either side when one copy lacks it", () => {
    const later = session({ updatedAt: 50, deviceId: "b", createdDeviceId: "a" });
    expect(mergeSessions(session(), later).createdDeviceId).toBe("a");
    expect(mergeSessions(session({ createdDeviceId: null }), later).createdDeviceId).toBe("a");
    expect(mergeSessions(later, session({ createdDeviceId: null })).createdDeviceId).toBe("a");
  });

  it("lets a tombstone win over a later edit and drops the title", () => {
    const deleted = session({ deletedAt: 5, title: null, updatedAt: 5 });
    const renamed = session({ title: "late", titleClock: { at: 9, device: "b" }, updatedAt: 9, deviceId: "b" });
    expect(mergeSessions(renamed, deleted)).toMatchObject({ deletedAt: 5, title: null });
    expect(keepsChild(mergeSessions(renamed, deleted))).toBe(false);
    expect(keepsChild(null)).toBe(false);
    expect(keepsChild(renamed)).toBe(true);
  });
});
