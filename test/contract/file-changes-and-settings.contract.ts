import { describe, expect, it } from "vitest";
import type { RecordedFileChange } from "../../core/ports/file-change-store.ts";
import { sessionStoreFixture, type MakeSessionStore } from "./session-store-fixture.ts";

/** The FileChangeStore and SettingsStore half of the store contract, and what every port does with an aborted signal. */
export function describeFileChangesAndSettings(name: string, make: MakeSessionStore): void {
  describe(`store contract (file changes, settings): ${name}`, () => {
    const f = sessionStoreFixture(make);
    const change = (path: string, fields: Partial<RecordedFileChange> = {}): RecordedFileChange => ({
      path, kind: "modified", added: 1, removed: 1, turnId: "t1", tool: "Edit", at: f.clock.now(), undoable: true, before: `old ${path}`, ...fields,
    });

    describe("file changes", () => {
      it("lists a session's changes in recording order; changesOf adds the content before, kept only when undoable", async () => {
        const id = await f.newSession();
        const other = await f.newSession();
        await f.store.fileChanges.recordFileChange(id, change("/p/a.ts", { kind: "created", before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/b.ts", { tool: "Bash", undoable: false, before: "ignored" }));
        await f.store.fileChanges.recordFileChange(id, change("/p/a.ts", { turnId: "t2", before: "first" }));
        await f.store.fileChanges.recordFileChange(other, change("/p/c.ts"));
        expect((await f.store.fileChanges.listFileChanges(id)).map((c) => [c.path, c.kind, c.turnId, c.undoable])).toEqual([
          ["/p/a.ts", "created", "t1", true], ["/p/b.ts", "modified", "t1", false], ["/p/a.ts", "modified", "t2", true],
        ]);
        expect((await f.store.fileChanges.listFileChanges(id))[0]).not.toHaveProperty("before");
        expect((await f.store.fileChanges.changesOf(id, "/p/a.ts")).map((c) => c.before)).toEqual([null, "first"]);
        expect((await f.store.fileChanges.changesOf(id, "/p/b.ts")).map((c) => c.before)).toEqual([null]);
      });

      it("owns the files the agent created exactly and has not deleted since", async () => {
        const id = await f.newSession();
        await f.store.fileChanges.recordFileChange(id, change("/p/new.ts", { kind: "created", before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/shell.ts", { kind: "created", undoable: false, before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/gone.ts", { kind: "created", before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/gone.ts", { kind: "deleted", turnId: "t2" }));
        expect(await f.store.fileChanges.ownedFiles(id)).toEqual(["/p/new.ts"]);
      });

      it("undoes turn by turn, newest first; undone turns leave every list", async () => {
        const id = await f.newSession();
        expect(await f.store.fileChanges.lastUndoableTurn(id)).toBeNull();
        await f.store.fileChanges.recordFileChange(id, change("/p/a.ts"));
        await f.store.fileChanges.recordFileChange(id, change("/p/b.ts", { turnId: "t2", kind: "created", before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/c.ts", { turnId: "t2" }));
        const last = await f.store.fileChanges.lastUndoableTurn(id);
        expect([last?.turnId, last?.changes.map((c) => c.path)]).toEqual(["t2", ["/p/b.ts", "/p/c.ts"]]);
        await f.store.fileChanges.markTurnUndone(id, "t2");
        expect((await f.store.fileChanges.lastUndoableTurn(id))?.turnId).toBe("t1");
        expect((await f.store.fileChanges.listFileChanges(id)).map((c) => c.path)).toEqual(["/p/a.ts"]);
        expect(await f.store.fileChanges.ownedFiles(id)).toEqual([]);
        expect(await f.store.fileChanges.changesOf(id, "/p/c.ts")).toEqual([]);
      });

      it("a turn that only created directories is the last undoable one (its entries end in /)", async () => {
        const id = await f.newSession();
        await f.store.fileChanges.recordFileChange(id, change("/p/a.ts"));
        await f.store.fileChanges.recordFileChange(id, change("/p/made/", { turnId: "t2", kind: "created", before: null }));
        await f.store.fileChanges.recordFileChange(id, change("/p/made/deeper/", { turnId: "t2", kind: "created", before: null }));
        const last = await f.store.fileChanges.lastUndoableTurn(id);
        expect([last?.turnId, last?.changes.map((c) => [c.path, c.kind, c.undoable])]).toEqual(["t2", [["/p/made/", "created", true], ["/p/made/deeper/", "created", true]]]);
      });

      it("keeps at most one pending change per session, until cleared", async () => {
        const id = await f.newSession();
        const pending = { turnId: "t1", tool: "Write", at: 5, paths: [{ path: "/p/a.ts", before: null, known: true }] };
        expect(await f.store.fileChanges.pendingChange(id)).toBeNull();
        await f.store.fileChanges.setPendingChange(id, pending);
        await f.store.fileChanges.setPendingChange(id, { ...pending, tool: "Edit" });
        expect(await f.store.fileChanges.pendingChange(id)).toEqual({ ...pending, tool: "Edit" });
        await f.store.fileChanges.setPendingChange(id, null);
        expect(await f.store.fileChanges.pendingChange(id)).toBeNull();
        await expect(f.store.fileChanges.setPendingChange("0190a000-0000-7000-8000-000000000000", pending)).rejects.toThrow();
      });

      it("goes with its session", async () => {
        const id = await f.newSession();
        await f.store.fileChanges.recordFileChange(id, change("/p/a.ts"));
        await f.store.sessions.deleteSession(id);
        expect(await f.store.fileChanges.listFileChanges(id)).toEqual([]);
      });
    });

    describe("settings", () => {
      it("gets, sets, lists by prefix (case-sensitive, literal, ordered by key) and deletes", async () => {
        const settings = f.store.settings;
        expect(await settings.kvGet("mcp:github")).toBeNull();
        await settings.kvSet("mcp:github", '{"command":"gh-mcp"}');
        await settings.kvSet("mcp:fs", '{"command":"fs-mcp"}');
        await settings.kvSet("mcp%", "literal percent");
        await settings.kvSet("MCP:upper", "other case");
        await settings.kvSet("setting:model", "opus");
        await settings.kvSet("mcp:fs", '{"command":"fs-mcp","args":[]}');
        expect(await settings.kvListPrefix("mcp:")).toEqual([
          { key: "mcp:fs", value: '{"command":"fs-mcp","args":[]}' },
          { key: "mcp:github", value: '{"command":"gh-mcp"}' },
        ]);
        expect(await settings.kvDelete("mcp:github")).toBe(true);
        expect(await settings.kvDelete("mcp:github")).toBe(false);
        expect(await settings.kvGet("mcp:github")).toBeNull();
        expect((await settings.kvListPrefix("")).map((e) => e.key)).toEqual(["MCP:upper", "mcp%", "mcp:fs", "setting:model"]);
      });
    });

    it("rejects a read whose signal has already fired with an AbortError, running nothing", async () => {
      const { sessionId } = await f.conversation(2);
      f.clock.advance(10_000);
      const aborted = AbortSignal.abort();
      const reads = [
        f.store.sessions.getSession(sessionId, aborted), f.store.sessions.listSessions({ limit: 5 }, aborted),
        f.store.messages.loadContext(sessionId, aborted), f.store.messages.detectInterruption(sessionId, aborted),
        f.store.usage.sessionTokenUsage(sessionId, aborted), f.store.fileChanges.listFileChanges(sessionId, aborted),
        f.store.settings.kvGet("k", aborted),
      ];
      for (const read of reads) await expect(read).rejects.toMatchObject({ name: "AbortError" });
      // loadContext never ran, so it did not mark the session accessed either.
      expect(await f.store.sessions.getSessionIdleSeconds(sessionId)).toBe(10);
    });
  });
}
