import { describe, expect, it } from "vitest";
import { COMPACTION_CONTINUATION, COMPACTION_SUMMARY_PREFIX } from "../../core/domain/compaction-text.ts";
import type { MetadataKeys } from "../../core/ports/session-catalog.ts";
import { SECOND, sessionStoreFixture, type MakeSessionStore } from "./session-store-fixture.ts";
import { describeFileChangesAndSettings } from "./file-changes-and-settings.contract.ts";
import { describeSessionStoreHistory } from "./session-store-history.contract.ts";

export type { SessionStoreHarness } from "./session-store-fixture.ts";

/**
 * The semantics every store of sessions and messages (SessionCatalog, MessageLog, UsageQueries) must keep. `make` receives the clock the store must read for
 * every timestamp it writes, so that ages (idle time, purge cut-offs) can be tested without waiting.
 * The suite is in three files: this one (sessions, messages, metadata, interruption), the
 * history half (context, usage, compaction, purge) and file changes with settings. It runs
 * against the libSQL store (adapters/libsql-store) and the in-memory fake (test/fakes).
 */
export function describeSessionStore(name: string, make: MakeSessionStore): void {
  describe(`store contract: ${name}`, () => {
    const f = sessionStoreFixture(make);
    const { usage, call, newSession, user, assistant, tool, contents, conversation, project } = f;

    describe("sessions", () => {
      it("creates a session with a UUID v7 id and reports it", async () => {
        const id = await f.store.sessions.createSession({ agentName: "coder", project, mode: "safe" });
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(await f.store.sessions.getSession(id)).toEqual({
          id, agentName: "coder", projectKey: project.key, projectRoot: project.root, title: null, mode: "safe",
          createdAt: f.clock.now(), updatedAt: f.clock.now(), messageCount: 0, totalTokens: 0, costUsd: null, parentId: null,
          leasedBy: null, localOnly: false, unsynced: expect.any(Boolean), // true once sync queues it
          // Its name is known once sync has seen the device; a store alone knows only the id.
          createdOn: { deviceId: f.deviceId, name: null },
        });
      });

      it("returns null for an unknown session", async () => {
        expect(await f.store.sessions.getSession("0190a000-0000-7000-8000-000000000000")).toBeNull();
        expect(await f.store.sessions.getSessionMode("0190a000-0000-7000-8000-000000000000")).toBeNull();
      });

      it("stores title and mode", async () => {
        const id = await newSession();
        expect(await f.store.sessions.getSessionMode(id)).toBeNull();
        await f.store.sessions.setSessionTitle(id, "Fix the flaky test");
        await f.store.sessions.setSessionMode(id, "auto");
        expect(await f.store.sessions.getSessionMode(id)).toBe("auto");
        expect(await f.store.sessions.getSession(id)).toMatchObject({ title: "Fix the flaky test", mode: "auto" });
      });

      it("lists sessions newest update first, filtered by project and limited", async () => {
        const a = await newSession();
        f.clock.advance(SECOND);
        const b = await newSession();
        f.clock.advance(SECOND);
        const other = await f.store.sessions.createSession({ agentName: "main", project: { root: "/elsewhere", key: "github.com/ada/other" } });
        expect((await f.store.sessions.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([other, b, a]);
        f.clock.advance(SECOND);
        await user(a, "back to a");
        expect((await f.store.sessions.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([a, other, b]);
        expect((await f.store.sessions.listSessions({ projectKey: project.key, limit: 10 })).map((s) => s.id)).toEqual([a, b]);
        expect((await f.store.sessions.listSessions({ limit: 2 })).map((s) => s.id)).toEqual([a, other]);
        expect((await f.store.sessions.listSessions({ limit: 10 }))[0]).toMatchObject({ id: a, updatedAt: f.clock.now(), messageCount: 1 });
      });

      it("leaves sub-agents' sessions out of a top-level listing, however recent", async () => {
        const parent = await newSession();
        f.clock.advance(SECOND);
        const child = await f.store.sessions.createSession({ agentName: "task", project, parentId: parent });
        expect((await f.store.sessions.listSessions({ projectKey: project.key, limit: 1 })).map((s) => s.id)).toEqual([child]);
        expect((await f.store.sessions.listSessions({ projectKey: project.key, limit: 1, topLevel: true })).map((s) => s.id)).toEqual([parent]);
        expect((await f.store.sessions.listSessions({ limit: 10, topLevel: true })).map((s) => s.id)).toEqual([parent]);
      });

      it("finds live sessions by id prefix, literally", async () => {
        const a = await newSession();
        const b = await newSession();
        expect(await f.store.sessions.findSessionsByPrefix(a)).toEqual([a]);
        expect((await f.store.sessions.findSessionsByPrefix(a.slice(0, 4))).sort()).toEqual([a, b].filter((id) => id.startsWith(a.slice(0, 4))).sort());
        expect(await f.store.sessions.findSessionsByPrefix(a.slice(0, 4), 1)).toHaveLength(1);
        expect(await f.store.sessions.findSessionsByPrefix("%")).toEqual([]);
        expect(await f.store.sessions.findSessionsByPrefix("_")).toEqual([]);
        await f.store.sessions.deleteSession(a);
        expect(await f.store.sessions.findSessionsByPrefix(a)).toEqual([]);
      });

      it("reports idle seconds since the context was last loaded or written, null before", async () => {
        const id = await newSession();
        expect(await f.store.sessions.getSessionIdleSeconds(id)).toBeNull();
        await f.store.messages.loadContext(id);
        f.clock.advance(90 * SECOND + 400);
        expect(await f.store.sessions.getSessionIdleSeconds(id)).toBe(90);
        await user(id, "hello");
        f.clock.advance(5 * SECOND);
        expect(await f.store.sessions.getSessionIdleSeconds(id)).toBe(5);
      });

      it("sums the cost of priced replies in SessionInfo", async () => {
        const id = await newSession();
        await assistant(id, "a", { usage: usage(10, 1), costUsd: 0.25 });
        await assistant(id, "b", { usage: usage(10, 1) });
        await assistant(id, "c", { usage: usage(10, 1), costUsd: 0.5 });
        expect((await f.store.sessions.getSession(id))!.costUsd).toBeCloseTo(0.75, 10);
        expect((await f.store.sessions.listSessions({ limit: 5 }))[0]!.costUsd).toBeCloseTo(0.75, 10);
      });

      it("counts active messages and prompt+completion tokens in SessionInfo", async () => {
        const id = await newSession();
        await user(id, "q");
        await assistant(id, "a", { usage: usage(100, 20, { cacheReadTokens: 7 }) });
        await assistant(id, "b", { usage: usage(50, 5) });
        expect(await f.store.sessions.getSession(id)).toMatchObject({ messageCount: 3, totalTokens: 175 });
        await f.store.messages.compactSession(id, "s", 1);
        // 2 archived rows leave the count; the summary pair joins it; archived tokens still count.
        expect(await f.store.sessions.getSession(id)).toMatchObject({ messageCount: 3, totalTokens: 175 });
      });
    });

    describe("deleteSession", () => {
      it("tombstones the session: gone from every query, with its messages and metadata", async () => {
        const id = await newSession();
        const keep = await newSession();
        await user(id, "secret prompt");
        await user(keep, "kept prompt");
        await f.store.sessions.setMetadata(id, "todo", "[]");
        await f.store.sessions.setSessionMode(id, "plan");
        expect(await f.store.sessions.deleteSession(id)).toBe(true);
        expect(await f.store.sessions.getSession(id)).toBeNull();
        expect(await f.store.sessions.getSessionMode(id)).toBeNull();
        expect(await f.store.sessions.getMetadata(id, "todo")).toBeNull();
        expect(await f.store.messages.loadAllMessages(id)).toEqual([]);
        expect(await f.store.messages.loadContext(id)).toEqual([]);
        expect((await f.store.sessions.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([keep]);
        expect(await f.store.messages.recentUserMessages(10)).toEqual(["kept prompt"]);
        expect(await f.store.sessions.deleteSession(id)).toBe(false);
        await expect(user(id, "more")).rejects.toThrow();
        await expect(f.store.sessions.setMetadata(id, "k", "v")).rejects.toThrow();
      });

      it("returns false for an unknown session", async () => {
        expect(await f.store.sessions.deleteSession("0190a000-0000-7000-8000-000000000000")).toBe(false);
      });

      it("takes the session's sub-agents' sessions with it, and no one else's", async () => {
        const parent = await newSession();
        const other = await newSession();
        const child = await f.store.sessions.createSession({ agentName: "task", project, parentId: parent });
        const otherChild = await f.store.sessions.createSession({ agentName: "task", project, parentId: other });
        await user(child, "sub-agent prompt");
        await user(otherChild, "other sub-agent prompt");
        expect(await f.store.sessions.deleteSession(parent)).toBe(true);
        expect(await f.store.sessions.getSession(child)).toBeNull();
        expect(await f.store.messages.loadAllMessages(child)).toEqual([]);
        expect((await f.store.sessions.listSessions({ limit: 10 })).map((s) => s.id).sort()).toEqual([other, otherChild].sort());
        expect(await f.store.messages.loadAllMessages(otherChild)).toHaveLength(1);
      });
    });

    describe("messages", () => {
      it("round-trips every field of a message", async () => {
        const id = await newSession();
        const calls = [call("c1"), call("c2", "Bash")];
        const messageId = await f.store.messages.insertMessage(id, {
          role: "assistant", content: "Reading both.", toolCalls: calls, thinkingContent: "hmm", thinkingSignature: "sig==",
          usage: usage(1200, 80, { cacheReadTokens: 1000, cacheCreationTokens: 150, thinkingTokens: 30, stopReason: "tool_use" }),
          agentName: "explorer", model: "claude-sonnet-4-6", provider: "anthropic", costUsd: 0.0125, complete: true,
        });
        const [stored] = await f.store.messages.loadAllMessages(id);
        expect(stored).toEqual({
          model: "claude-sonnet-4-6", provider: "anthropic", costUsd: 0.0125,
          id: messageId, sessionId: id, role: "assistant", content: "Reading both.", fullContent: null, toolCalls: calls,
          toolCallId: null, thinkingContent: "hmm", thinkingSignature: "sig==",
          usage: { promptTokens: 1200, completionTokens: 80, cacheReadTokens: 1000, cacheCreationTokens: 150, thinkingTokens: 30, stopReason: "tool_use" },
          agentName: "explorer", completedAt: f.clock.now(), compactedAt: null, createdAt: f.clock.now(),
        });
      });

      it("defaults omitted fields and keeps unicode text intact", async () => {
        const id = await newSession();
        const text = "naïve ☃ — 日本語 🐻\nsecond line";
        await f.store.messages.insertMessage(id, { role: "user", content: text });
        const [stored] = await f.store.messages.loadAllMessages(id);
        expect(stored).toMatchObject({
          role: "user", content: text, fullContent: null, toolCalls: [], toolCallId: null, thinkingContent: null,
          thinkingSignature: null, usage: null, agentName: null, compactedAt: null,
        });
      });

      it("stores a tool result with its full output", async () => {
        const id = await newSession();
        await assistant(id, null, { toolCalls: [call("c1", "Bash")] });
        const toolId = await f.store.messages.insertToolMessageWithFull(id, { content: "exit 0 (40 lines)", toolCallId: "c1", fullContent: "line\n".repeat(40), agentName: "explorer" });
        const stored = (await f.store.messages.loadAllMessages(id)).find((m) => m.id === toolId);
        expect(stored).toMatchObject({
          role: "tool", content: "exit 0 (40 lines)", fullContent: "line\n".repeat(40), toolCallId: "c1", agentName: "explorer", completedAt: f.clock.now(),
        });
      });

      it("returns messages in insertion order, per session", async () => {
        const { sessionId, ids } = await conversation(30);
        const other = await conversation(3);
        const all = await f.store.messages.loadAllMessages(sessionId);
        expect(all.map((m) => m.id)).toEqual(ids);
        expect(new Set(ids).size).toBe(30);
        expect((await f.store.messages.loadAllMessages(other.sessionId)).map((m) => m.id)).toEqual(other.ids);
      });

      it("rejects a message for an unknown session", async () => {
        await expect(user("0190a000-0000-7000-8000-000000000000", "hi")).rejects.toThrow();
      });

      it("keeps an unfinished reply out of the context until it is marked complete", async () => {
        const id = await newSession();
        await user(id, "question");
        const reply = await f.store.messages.insertMessage(id, { role: "assistant", content: "partial answer" });
        expect((await f.store.messages.loadAllMessages(id))[1]!.completedAt).toBeNull();
        expect(contents(await f.store.messages.loadContext(id))).toEqual(["question"]);
        f.clock.advance(3 * SECOND);
        await f.store.messages.markMessageComplete(reply);
        const completedAt = f.clock.now();
        f.clock.advance(SECOND);
        await f.store.messages.markMessageComplete(reply);
        expect(contents(await f.store.messages.loadContext(id))).toEqual(["question", "partial answer"]);
        expect((await f.store.messages.loadAllMessages(id))[1]!.completedAt).toBe(completedAt);
      });

      it("pages active messages backwards, oldest first", async () => {
        const { sessionId, ids } = await conversation(10);
        expect((await f.store.messages.loadMessagesBefore(sessionId, null, 3)).map((m) => m.id)).toEqual(ids.slice(7));
        expect((await f.store.messages.loadMessagesBefore(sessionId, ids[7]!, 3)).map((m) => m.id)).toEqual(ids.slice(4, 7));
        expect((await f.store.messages.loadMessagesBefore(sessionId, ids[2]!, 5)).map((m) => m.id)).toEqual(ids.slice(0, 2));
        const partial = await f.store.messages.insertMessage(sessionId, { role: "assistant", content: "cut off" });
        expect((await f.store.messages.loadMessagesBefore(sessionId, null, 1)).map((m) => m.id)).toEqual([partial]);
        await f.store.messages.compactSession(sessionId, "summary", 4);
        const page = await f.store.messages.loadMessagesBefore(sessionId, null, 100);
        expect(contents(page)).toEqual([COMPACTION_SUMMARY_PREFIX + "summary", COMPACTION_CONTINUATION, "m7", "m8", "m9", "cut off"]);
      });

      it("lists recent user prompts across sessions, newest first and distinct", async () => {
        const a = await newSession();
        const b = await newSession();
        await user(a, "fix the build");
        await user(b, "add tests");
        await assistant(b, "not a prompt");
        await user(a, "   ");
        await user(b, "explain the diff");
        await user(a, "fix the build");
        expect(await f.store.messages.recentUserMessages(10)).toEqual(["fix the build", "explain the diff", "add tests"]);
        expect(await f.store.messages.recentUserMessages(2)).toEqual(["fix the build", "explain the diff"]);
      });

      it("returns the last user and assistant texts, not the compaction stand-in", async () => {
        const id = await newSession();
        expect(await f.store.messages.lastUserMessage(id)).toBeNull();
        expect(await f.store.messages.lastAssistantMessage(id)).toBeNull();
        await user(id, "first");
        await assistant(id, "answer one");
        await user(id, "second");
        await assistant(id, null, { toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(await f.store.messages.lastUserMessage(id)).toBe("second");
        expect(await f.store.messages.lastAssistantMessage(id)).toBe("answer one");
        await f.store.messages.compactSession(id, "summary", 0);
        expect(await f.store.messages.lastAssistantMessage(id)).toBe("answer one");
      });

      it("reports pending tool calls of the last complete assistant message", async () => {
        const id = await newSession();
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(false);
        await user(id, "look at two files");
        await assistant(id, "Reading.", { toolCalls: [call("c1"), call("c2")] });
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(true);
        await tool(id, "c1");
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(true);
        await tool(id, "c2");
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(false);
        await f.store.messages.insertMessage(id, { role: "assistant", content: null, toolCalls: [call("c3")] });
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(false);
        await assistant(id, "Done.");
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(false);
      });

      it("reports a result missing midway among a reply's 100 parallel calls, however many results came after it", async () => {
        const id = await newSession();
        await user(id, "check every package");
        await assistant(id, "Checking.", { toolCalls: Array.from({ length: 100 }, (_, i) => call(`c${i}`)) });
        for (let i = 0; i < 100; i++) if (i !== 37) await tool(id, `c${i}`);
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(true);
        await tool(id, "c37");
        expect(await f.store.messages.hasPendingToolCalls(id)).toBe(false);
      });

      it("reports seconds since the last assistant message", async () => {
        const id = await newSession();
        await user(id, "hi");
        expect(await f.store.messages.secondsSinceLastAssistant(id)).toBeNull();
        await assistant(id, "hello");
        f.clock.advance(301 * SECOND);
        await user(id, "still there?");
        expect(await f.store.messages.secondsSinceLastAssistant(id)).toBe(301);
      });
    });

    describe("metadata", () => {
      it("upserts per-session values; the todo list is key \"todo\"", async () => {
        const a = await newSession();
        const b = await newSession();
        expect(await f.store.sessions.getMetadata(a, "k")).toBeNull();
        await f.store.sessions.setMetadata(a, "k", "one");
        await f.store.sessions.setMetadata(a, "k", "two");
        await f.store.sessions.setMetadata(b, "k", "other");
        expect(await f.store.sessions.getMetadata(a, "k")).toBe("two");
        expect(await f.store.sessions.getMetadata(b, "k")).toBe("other");
        expect(await f.store.sessions.getTodo(a)).toBeNull();
        await f.store.sessions.setTodo(a, '[{"content":"write tests","status":"in_progress"}]');
        expect(await f.store.sessions.getMetadata(a, "todo")).toBe('[{"content":"write tests","status":"in_progress"}]');
        await f.store.sessions.setMetadata(a, "todo", "[]");
        expect(await f.store.sessions.getTodo(a)).toBe("[]");
      });

      it("lists a session's metadata by key prefix in one read: exact (no wildcards), case-sensitive, that session only, narrowed by a key range", async () => {
        const a = await newSession();
        const b = await newSession();
        const list = (keys: MetadataKeys, signal?: AbortSignal) => f.store.sessions.listMetadata(a, keys, signal);
        expect(await list({ prefix: "turn_usage:" })).toEqual(new Map());
        for (const [key, value] of [["turn_usage:m1", "one"], ["turn_usage:m2", "two"], ["turn_usage:m3", "three"], ["turn_usageXm3", "wildcard"], ["Turn_usage:m4", "case"], ["turn_usage", "short"], ["todo", "[]"]]) await f.store.sessions.setMetadata(a, key!, value!);
        await f.store.sessions.setMetadata(b, "turn_usage:m5", "other session");
        expect(await list({ prefix: "turn_usage:" })).toEqual(new Map([["turn_usage:m1", "one"], ["turn_usage:m2", "two"], ["turn_usage:m3", "three"]]));
        expect(await list({ prefix: "turn_usage:", from: "turn_usage:m2" })).toEqual(new Map([["turn_usage:m2", "two"], ["turn_usage:m3", "three"]]));
        expect(await list({ prefix: "turn_usage:", from: "turn_usage:m15", through: "turn_usage:m2" })).toEqual(new Map([["turn_usage:m2", "two"]]));
        expect(await list({ prefix: "turn_usage:", through: "turn_usage:m1" })).toEqual(new Map([["turn_usage:m1", "one"]]));
        await f.store.sessions.setMetadata(a, "100%_done:x", "literal");
        await f.store.sessions.setMetadata(a, "100ab_done:y", "not it");
        expect(await list({ prefix: "100%_done:" })).toEqual(new Map([["100%_done:x", "literal"]]));
        expect((await list({ prefix: "" })).size).toBe(9);
        await f.store.sessions.setMetadata(a, "é:\u{10FFFF}", "highest");
        await f.store.sessions.setMetadata(a, "é;", "next");
        expect(await list({ prefix: "é:" })).toEqual(new Map([["é:\u{10FFFF}", "highest"]]));
        await expect(list({ prefix: "turn_usage:" }, AbortSignal.abort())).rejects.toThrow();
      });

      it("finds the live sessions whose metadata key holds a value", async () => {
        const a = await newSession();
        const b = await newSession();
        const c = await newSession();
        await f.store.sessions.setMetadata(a, "imported_from", "x");
        await f.store.sessions.setMetadata(b, "imported_from", "y");
        await f.store.sessions.setMetadata(c, "imported_from", "x");
        await f.store.sessions.setMetadata(b, "other", "x");
        expect(await f.store.sessions.sessionsWithMetadata("imported_from", "x")).toEqual([a, c].sort());
        await f.store.sessions.deleteSession(c);
        expect(await f.store.sessions.sessionsWithMetadata("imported_from", "x")).toEqual([a]);
        expect(await f.store.sessions.sessionsWithMetadata("imported_from", "z")).toEqual([]);
      });

      it("rejects metadata for an unknown session", async () => {
        await expect(f.store.sessions.setMetadata("0190a000-0000-7000-8000-000000000000", "k", "v")).rejects.toThrow();
      });
    });

    describe("detectInterruption", () => {
      it("is null for an empty or answered session", async () => {
        const id = await newSession();
        expect(await f.store.messages.detectInterruption(id)).toBeNull();
        await user(id, "hi");
        await assistant(id, "hello");
        await f.store.messages.insertMessage(id, { role: "system", content: "note", complete: true });
        expect(await f.store.messages.detectInterruption(id)).toBeNull();
      });

      it("reports an unanswered prompt with a one-line preview of at most 80 characters", async () => {
        const id = await newSession();
        await user(id, `  Please refactor\n\tthe   parser ${"x".repeat(100)}`);
        await f.store.messages.insertMessage(id, { role: "system", content: "note", complete: true });
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "prompt", preview: `Please refactor the parser ${"x".repeat(53)}` });
      });

      it("reports a prompt whose reply was cut off", async () => {
        const id = await newSession();
        await user(id, "short prompt");
        await f.store.messages.insertMessage(id, { role: "assistant", content: "I will sta" });
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "prompt", preview: "short prompt" });
      });

      it("reports an unprocessed tool result", async () => {
        const id = await newSession();
        await user(id, "read it");
        await assistant(id, null, { toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "tool" });
      });

      it("reports a tool call with no result row, naming it: Ursa died while it ran", async () => {
        const id = await newSession();
        await user(id, "build it");
        await assistant(id, null, { toolCalls: [{ id: "c1", name: "Read", arguments: '{"file_path":"a.txt"}' }, { id: "c2", name: "Bash", arguments: '{"command":"make  all\\n"}' }] });
        await tool(id, "c1");
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "tool_call", calls: [{ name: "Bash", detail: "make all" }] });
      });

      it("names the calls left without a result of a reply with 100 parallel calls, however many results came after it", async () => {
        const id = await newSession();
        await user(id, "build every part");
        const calls = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, name: "Bash", arguments: `{"command":"make part${i}"}` }));
        await assistant(id, "Building.", { toolCalls: calls });
        // 98 results in, two missing: one midway, the last; more results than any fixed tail of rows.
        for (let i = 0; i < 100; i++) if (i !== 37 && i !== 99) await tool(id, `c${i}`, `output of part ${i}\n`.repeat(200));
        await f.store.messages.insertMessage(id, { role: "system", content: "note", complete: true });
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "tool_call", calls: [{ name: "Bash", detail: "make part37" }, { name: "Bash", detail: "make part99" }] });
        await tool(id, "c37");
        await tool(id, "c99");
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "tool" });
        await user(id, "and the docs?");
        expect(await f.store.messages.detectInterruption(id)).toEqual({ kind: "prompt", preview: "and the docs?" });
      });

      it("is null once a later turn completed after a call left without a result", async () => {
        const id = await newSession();
        await user(id, "clean up");
        await assistant(id, null, { toolCalls: [{ id: "c1", name: "Bash", arguments: '{"command":"rm -rf out"}' }] });
        await user(id, "something else");
        await assistant(id, "done");
        expect(await f.store.messages.detectInterruption(id)).toBeNull();
      });

      it("ignores archived rows", async () => {
        const id = await newSession();
        await user(id, "q");
        await assistant(id, "a");
        await user(id, "unanswered");
        await f.store.messages.compactSession(id, "s", 0);
        expect(await f.store.messages.detectInterruption(id)).toBeNull();
      });
    });
  });
  describeSessionStoreHistory(name, make);
  describeFileChangesAndSettings(name, make);
}
