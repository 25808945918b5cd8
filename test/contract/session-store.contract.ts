import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewMessage, StoredMessage, ToolCall } from "../../core/domain/message.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";
import {
  CLEARED_TOOL_RESULT,
  COMPACTION_CONTINUATION,
  COMPACTION_SUMMARY_PREFIX,
  type SessionStore,
} from "../../core/ports/session-store.ts";
import { FakeClock } from "../support/fake-clock.ts";

export interface SessionStoreHarness {
  readonly store: SessionStore;
  readonly cleanup?: () => Promise<void>;
}

/**
 * The semantics every SessionStore must keep. `make` receives the clock the store must read for
 * every timestamp it writes, so that ages (idle time, purge cut-offs) can be tested without waiting.
 */
export function describeSessionStore(name: string, make: (clock: { now: () => number }) => Promise<SessionStoreHarness>): void {
  describe(`SessionStore contract: ${name}`, () => {
    const SECOND = 1000;
    const DAY = 86_400_000;
    const project = { root: "/home/ada/src/ursa", key: "github.com/ada/ursa" };
    let clock: FakeClock;
    let harness: SessionStoreHarness;
    let store: SessionStore;

    beforeEach(async () => {
      clock = new FakeClock();
      harness = await make(clock);
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup?.();
    });

    const usage = (promptTokens: number, completionTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({
      promptTokens, completionTokens, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "end_turn", ...extra,
    });
    const call = (id: string, name = "Read"): ToolCall => ({ id, name, arguments: `{"path":"${id}.ts"}` });
    const newSession = (agentName = "main") => store.createSession({ agentName, project });
    const user = (sessionId: string, content: string) => store.insertMessage(sessionId, { role: "user", content, complete: true });
    const assistant = (sessionId: string, content: string | null, extra: Partial<NewMessage> = {}) =>
      store.insertMessage(sessionId, { role: "assistant", content, complete: true, ...extra });
    const tool = (sessionId: string, toolCallId: string, content = `result of ${toolCallId}`) =>
      store.insertMessage(sessionId, { role: "tool", content, toolCallId, complete: true });
    const contents = (messages: readonly StoredMessage[]) => messages.map((m) => m.content);
    /** A session of `n` alternating user/assistant rows with contents "m0".."m<n-1>". */
    const conversation = async (n: number, sessionId?: string): Promise<{ sessionId: string; ids: string[] }> => {
      const id = sessionId ?? (await newSession());
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(i % 2 === 0 ? await user(id, `m${i}`) : await assistant(id, `m${i}`));
      return { sessionId: id, ids };
    };

    describe("sessions", () => {
      it("creates a session with a UUID v7 id and reports it", async () => {
        const id = await store.createSession({ agentName: "coder", project, mode: "safe" });
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(await store.getSession(id)).toEqual({
          id, agentName: "coder", projectKey: project.key, projectRoot: project.root, title: null, mode: "safe",
          createdAt: clock.now(), updatedAt: clock.now(), messageCount: 0, totalTokens: 0, costUsd: null,
        });
      });

      it("returns null for an unknown session", async () => {
        expect(await store.getSession("0190a000-0000-7000-8000-000000000000")).toBeNull();
        expect(await store.getSessionMode("0190a000-0000-7000-8000-000000000000")).toBeNull();
      });

      it("stores title and mode", async () => {
        const id = await newSession();
        expect(await store.getSessionMode(id)).toBeNull();
        await store.setSessionTitle(id, "Fix the flaky test");
        await store.setSessionMode(id, "auto");
        expect(await store.getSessionMode(id)).toBe("auto");
        expect(await store.getSession(id)).toMatchObject({ title: "Fix the flaky test", mode: "auto" });
      });

      it("lists sessions newest update first, filtered by project and limited", async () => {
        const a = await newSession();
        clock.advance(SECOND);
        const b = await newSession();
        clock.advance(SECOND);
        const other = await store.createSession({ agentName: "main", project: { root: "/elsewhere", key: "github.com/ada/other" } });
        expect((await store.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([other, b, a]);
        clock.advance(SECOND);
        await user(a, "back to a");
        expect((await store.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([a, other, b]);
        expect((await store.listSessions({ projectKey: project.key, limit: 10 })).map((s) => s.id)).toEqual([a, b]);
        expect((await store.listSessions({ limit: 2 })).map((s) => s.id)).toEqual([a, other]);
        expect((await store.listSessions({ limit: 10 }))[0]).toMatchObject({ id: a, updatedAt: clock.now(), messageCount: 1 });
      });

      it("finds live sessions by id prefix, literally", async () => {
        const a = await newSession();
        const b = await newSession();
        expect(await store.findSessionsByPrefix(a)).toEqual([a]);
        expect((await store.findSessionsByPrefix(a.slice(0, 4))).sort()).toEqual([a, b].filter((id) => id.startsWith(a.slice(0, 4))).sort());
        expect(await store.findSessionsByPrefix(a.slice(0, 4), 1)).toHaveLength(1);
        expect(await store.findSessionsByPrefix("%")).toEqual([]);
        expect(await store.findSessionsByPrefix("_")).toEqual([]);
        await store.deleteSession(a);
        expect(await store.findSessionsByPrefix(a)).toEqual([]);
      });

      it("reports idle seconds since the context was last loaded or written, null before", async () => {
        const id = await newSession();
        expect(await store.getSessionIdleSeconds(id)).toBeNull();
        await store.loadContext(id);
        clock.advance(90 * SECOND + 400);
        expect(await store.getSessionIdleSeconds(id)).toBe(90);
        await user(id, "hello");
        clock.advance(5 * SECOND);
        expect(await store.getSessionIdleSeconds(id)).toBe(5);
      });

      it("sums the cost of priced replies in SessionInfo", async () => {
        const id = await newSession();
        await assistant(id, "a", { usage: usage(10, 1), costUsd: 0.25 });
        await assistant(id, "b", { usage: usage(10, 1) });
        await assistant(id, "c", { usage: usage(10, 1), costUsd: 0.5 });
        expect((await store.getSession(id))!.costUsd).toBeCloseTo(0.75, 10);
        expect((await store.listSessions({ limit: 5 }))[0]!.costUsd).toBeCloseTo(0.75, 10);
      });

      it("counts active messages and prompt+completion tokens in SessionInfo", async () => {
        const id = await newSession();
        await user(id, "q");
        await assistant(id, "a", { usage: usage(100, 20, { cacheReadTokens: 7 }) });
        await assistant(id, "b", { usage: usage(50, 5) });
        expect(await store.getSession(id)).toMatchObject({ messageCount: 3, totalTokens: 175 });
        await store.compactSession(id, "s", 1);
        // 2 archived rows leave the count; the summary pair joins it; archived tokens still count.
        expect(await store.getSession(id)).toMatchObject({ messageCount: 3, totalTokens: 175 });
      });
    });

    describe("deleteSession", () => {
      it("tombstones the session: gone from every query, with its messages and metadata", async () => {
        const id = await newSession();
        const keep = await newSession();
        await user(id, "secret prompt");
        await user(keep, "kept prompt");
        await store.setMetadata(id, "todo", "[]");
        await store.setSessionMode(id, "plan");
        expect(await store.deleteSession(id)).toBe(true);
        expect(await store.getSession(id)).toBeNull();
        expect(await store.getSessionMode(id)).toBeNull();
        expect(await store.getMetadata(id, "todo")).toBeNull();
        expect(await store.loadAllMessages(id)).toEqual([]);
        expect(await store.loadContext(id)).toEqual([]);
        expect((await store.listSessions({ limit: 10 })).map((s) => s.id)).toEqual([keep]);
        expect(await store.recentUserMessages(10)).toEqual(["kept prompt"]);
        expect(await store.deleteSession(id)).toBe(false);
        await expect(user(id, "more")).rejects.toThrow();
        await expect(store.setMetadata(id, "k", "v")).rejects.toThrow();
      });

      it("returns false for an unknown session", async () => {
        expect(await store.deleteSession("0190a000-0000-7000-8000-000000000000")).toBe(false);
      });
    });

    describe("messages", () => {
      it("round-trips every field of a message", async () => {
        const id = await newSession();
        const calls = [call("c1"), call("c2", "Bash")];
        const messageId = await store.insertMessage(id, {
          role: "assistant", content: "Reading both.", toolCalls: calls, thinkingContent: "hmm", thinkingSignature: "sig==",
          usage: usage(1200, 80, { cacheReadTokens: 1000, cacheCreationTokens: 150, thinkingTokens: 30, stopReason: "tool_use" }),
          agentName: "explorer", model: "claude-sonnet-4-6", provider: "anthropic", costUsd: 0.0125, complete: true,
        });
        const [stored] = await store.loadAllMessages(id);
        expect(stored).toEqual({
          model: "claude-sonnet-4-6", provider: "anthropic", costUsd: 0.0125,
          id: messageId, sessionId: id, role: "assistant", content: "Reading both.", fullContent: null, toolCalls: calls,
          toolCallId: null, thinkingContent: "hmm", thinkingSignature: "sig==",
          usage: { promptTokens: 1200, completionTokens: 80, cacheReadTokens: 1000, cacheCreationTokens: 150, thinkingTokens: 30, stopReason: "tool_use" },
          agentName: "explorer", completedAt: clock.now(), compactedAt: null, createdAt: clock.now(),
        });
      });

      it("defaults omitted fields and keeps unicode text intact", async () => {
        const id = await newSession();
        const text = "naïve ☃ — 日本語 🐻\nsecond line";
        await store.insertMessage(id, { role: "user", content: text });
        const [stored] = await store.loadAllMessages(id);
        expect(stored).toMatchObject({
          role: "user", content: text, fullContent: null, toolCalls: [], toolCallId: null, thinkingContent: null,
          thinkingSignature: null, usage: null, agentName: null, compactedAt: null,
        });
      });

      it("stores a tool result with its full output", async () => {
        const id = await newSession();
        await assistant(id, null, { toolCalls: [call("c1", "Bash")] });
        const toolId = await store.insertToolMessageWithFull(id, { content: "exit 0 (40 lines)", toolCallId: "c1", fullContent: "line\n".repeat(40), agentName: "explorer" });
        const stored = (await store.loadAllMessages(id)).find((m) => m.id === toolId);
        expect(stored).toMatchObject({
          role: "tool", content: "exit 0 (40 lines)", fullContent: "line\n".repeat(40), toolCallId: "c1", agentName: "explorer", completedAt: clock.now(),
        });
      });

      it("returns messages in insertion order, per session", async () => {
        const { sessionId, ids } = await conversation(30);
        const other = await conversation(3);
        const all = await store.loadAllMessages(sessionId);
        expect(all.map((m) => m.id)).toEqual(ids);
        expect(new Set(ids).size).toBe(30);
        expect((await store.loadAllMessages(other.sessionId)).map((m) => m.id)).toEqual(other.ids);
      });

      it("rejects a message for an unknown session", async () => {
        await expect(user("0190a000-0000-7000-8000-000000000000", "hi")).rejects.toThrow();
      });

      it("keeps an unfinished reply out of the context until it is marked complete", async () => {
        const id = await newSession();
        await user(id, "question");
        const reply = await store.insertMessage(id, { role: "assistant", content: "partial answer" });
        expect((await store.loadAllMessages(id))[1]!.completedAt).toBeNull();
        expect(contents(await store.loadContext(id))).toEqual(["question"]);
        clock.advance(3 * SECOND);
        await store.markMessageComplete(reply);
        const completedAt = clock.now();
        clock.advance(SECOND);
        await store.markMessageComplete(reply);
        expect(contents(await store.loadContext(id))).toEqual(["question", "partial answer"]);
        expect((await store.loadAllMessages(id))[1]!.completedAt).toBe(completedAt);
      });

      it("pages active messages backwards, oldest first", async () => {
        const { sessionId, ids } = await conversation(10);
        expect((await store.loadMessagesBefore(sessionId, null, 3)).map((m) => m.id)).toEqual(ids.slice(7));
        expect((await store.loadMessagesBefore(sessionId, ids[7]!, 3)).map((m) => m.id)).toEqual(ids.slice(4, 7));
        expect((await store.loadMessagesBefore(sessionId, ids[2]!, 5)).map((m) => m.id)).toEqual(ids.slice(0, 2));
        const partial = await store.insertMessage(sessionId, { role: "assistant", content: "cut off" });
        expect((await store.loadMessagesBefore(sessionId, null, 1)).map((m) => m.id)).toEqual([partial]);
        await store.compactSession(sessionId, "summary", 4);
        const page = await store.loadMessagesBefore(sessionId, null, 100);
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
        expect(await store.recentUserMessages(10)).toEqual(["fix the build", "explain the diff", "add tests"]);
        expect(await store.recentUserMessages(2)).toEqual(["fix the build", "explain the diff"]);
      });

      it("returns the last user and assistant texts, not the compaction stand-in", async () => {
        const id = await newSession();
        expect(await store.lastUserMessage(id)).toBeNull();
        expect(await store.lastAssistantMessage(id)).toBeNull();
        await user(id, "first");
        await assistant(id, "answer one");
        await user(id, "second");
        await assistant(id, null, { toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(await store.lastUserMessage(id)).toBe("second");
        expect(await store.lastAssistantMessage(id)).toBe("answer one");
        await store.compactSession(id, "summary", 0);
        expect(await store.lastAssistantMessage(id)).toBe("answer one");
      });

      it("reports pending tool calls of the last complete assistant message", async () => {
        const id = await newSession();
        expect(await store.hasPendingToolCalls(id)).toBe(false);
        await user(id, "look at two files");
        await assistant(id, "Reading.", { toolCalls: [call("c1"), call("c2")] });
        expect(await store.hasPendingToolCalls(id)).toBe(true);
        await tool(id, "c1");
        expect(await store.hasPendingToolCalls(id)).toBe(true);
        await tool(id, "c2");
        expect(await store.hasPendingToolCalls(id)).toBe(false);
        await store.insertMessage(id, { role: "assistant", content: null, toolCalls: [call("c3")] });
        expect(await store.hasPendingToolCalls(id)).toBe(false);
        await assistant(id, "Done.");
        expect(await store.hasPendingToolCalls(id)).toBe(false);
      });

      it("reports seconds since the last assistant message", async () => {
        const id = await newSession();
        await user(id, "hi");
        expect(await store.secondsSinceLastAssistant(id)).toBeNull();
        await assistant(id, "hello");
        clock.advance(301 * SECOND);
        await user(id, "still there?");
        expect(await store.secondsSinceLastAssistant(id)).toBe(301);
      });
    });

    describe("loadContext", () => {
      it("drops tool calls without results and results without calls, keeping the reply's text", async () => {
        const id = await newSession();
        await user(id, "go");
        const a = await assistant(id, "Two reads.", { toolCalls: [call("c1"), call("c2")] });
        await tool(id, "c1");
        await tool(id, "stray");
        await assistant(id, null, { toolCalls: [call("c3")] });
        await user(id, "next");
        const context = await store.loadContext(id);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["user", "go"], ["assistant", "Two reads."], ["tool", "result of c1"], ["user", "next"],
        ]);
        expect(context[1]).toMatchObject({ id: a, toolCalls: [call("c1")] });
        expect((await store.loadAllMessages(id))[1]!.toolCalls).toEqual([call("c1"), call("c2")]);
      });

      it("drops the results of an unfinished reply's calls", async () => {
        const id = await newSession();
        await user(id, "go");
        await store.insertMessage(id, { role: "assistant", content: "Reading.", toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(contents(await store.loadContext(id))).toEqual(["go"]);
      });

      it("drops empty assistant rows and blank rows, keeps system rows and blank tool results", async () => {
        const id = await newSession();
        await store.insertMessage(id, { role: "system", content: "note", complete: true });
        await user(id, "q");
        await assistant(id, null);
        await assistant(id, "", { thinkingContent: "only thinking" });
        await user(id, " \n\t ");
        await assistant(id, "   ");
        await assistant(id, "  ", { toolCalls: [call("c1")] });
        await tool(id, "c1", "");
        await assistant(id, "answer");
        const context = await store.loadContext(id);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["system", "note"], ["user", "q"], ["assistant", "  "], ["tool", ""], ["assistant", "answer"],
        ]);
      });
    });

    describe("usage", () => {
      it("sums token usage and counts assistant calls, archived rows included", async () => {
        const id = await newSession();
        expect(await store.sessionTokenUsage(id)).toEqual({
          promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 0, costUsd: 0, unpricedCalls: 0,
        });
        await user(id, "q");
        await assistant(id, "a", { usage: usage(100, 10, { cacheReadTokens: 80, cacheCreationTokens: 5, thinkingTokens: 3 }), costUsd: 0.5 });
        await assistant(id, "b", { usage: usage(200, 20), agentName: "explorer", costUsd: 0.25 });
        await assistant(id, "c");
        await assistant(id, "d", { usage: usage(300, 30, { cacheReadTokens: 1 }), agentName: "explorer" });
        await store.compactSession(id, "s", 1);
        expect(await store.sessionTokenUsage(id)).toEqual({
          promptTokens: 600, completionTokens: 60, cacheReadTokens: 81, cacheCreationTokens: 5, thinkingTokens: 3, apiCalls: 3, costUsd: 0.75, unpricedCalls: 1,
        });
        const byAgent = await store.sessionUsageByAgent(id);
        expect([...byAgent].sort((x, y) => x.agentName.localeCompare(y.agentName))).toEqual([
          { agentName: "explorer", usage: { promptTokens: 500, completionTokens: 50, cacheReadTokens: 1, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 2, costUsd: 0.25, unpricedCalls: 1 } },
          { agentName: "main", usage: { promptTokens: 100, completionTokens: 10, cacheReadTokens: 80, cacheCreationTokens: 5, thinkingTokens: 3, apiCalls: 1, costUsd: 0.5, unpricedCalls: 0 } },
        ]);
      });
    });

    describe("compaction", () => {
      it("archives all but the tail and puts the summary pair between them", async () => {
        const { sessionId, ids } = await conversation(20);
        clock.advance(DAY);
        expect(await store.compactSession(sessionId, "They built a parser.", 10)).toBe(10);
        const context = await store.loadContext(sessionId);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["system", COMPACTION_SUMMARY_PREFIX + "They built a parser."],
          ["assistant", COMPACTION_CONTINUATION],
          ...ids.slice(10).map((_, i) => [i % 2 === 0 ? "user" : "assistant", `m${i + 10}`]),
        ]);
        expect(context.slice(2).map((m) => m.id)).toEqual(ids.slice(10));
        expect(context[1]!.completedAt).toBe(clock.now());
        const all = await store.loadAllMessages(sessionId);
        expect(all).toHaveLength(22);
        expect(all.slice(0, 10).map((m) => [m.id, m.compactedAt])).toEqual(ids.slice(0, 10).map((id) => [id, clock.now()]));
        expect(all.slice(10, 12).map((m) => m.role)).toEqual(["system", "assistant"]);
        expect(all.slice(12).map((m) => [m.id, m.compactedAt])).toEqual(ids.slice(10).map((id) => [id, null]));
      });

      it("keeps the order through repeated compactions", async () => {
        const { sessionId, ids } = await conversation(20);
        await store.compactSession(sessionId, "one", 10);
        const more = await conversation(4, sessionId);
        expect(await store.compactSession(sessionId, "two", 4)).toBe(12);
        expect(contents(await store.loadContext(sessionId))).toEqual([
          COMPACTION_SUMMARY_PREFIX + "two", COMPACTION_CONTINUATION, "m0", "m1", "m2", "m3",
        ]);
        const all = await store.loadAllMessages(sessionId);
        expect(all.map((m) => m.id).filter((id) => ids.includes(id) || more.ids.includes(id))).toEqual([...ids, ...more.ids]);
        expect(contents(all).slice(8, 26)).toEqual([
          "m8", "m9", COMPACTION_SUMMARY_PREFIX + "one", COMPACTION_CONTINUATION,
          ...ids.slice(10).map((_, i) => `m${i + 10}`), COMPACTION_SUMMARY_PREFIX + "two", COMPACTION_CONTINUATION, "m0", "m1",
        ]);
        // Archiving only the first summary puts the new pair between it and its continuation.
        expect(await store.compactSession(sessionId, "three", 5)).toBe(1);
        expect(contents(await store.loadContext(sessionId))).toEqual([
          COMPACTION_SUMMARY_PREFIX + "three", COMPACTION_CONTINUATION, COMPACTION_CONTINUATION, "m0", "m1", "m2", "m3",
        ]);
      });

      it("never keeps a tool result whose call it archives: the calling reply stays too", async () => {
        const id = await newSession();
        await user(id, "read two files");
        await assistant(id, "reading", { toolCalls: [call("c1"), call("c2")] });
        await tool(id, "c1");
        await tool(id, "c2");
        await assistant(id, "both read");
        await user(id, "thanks");
        // Keeping 3 would start the tail at c2's result; the store keeps the call and c1 as well.
        expect(await store.compactSession(id, "s", 3)).toBe(1);
        expect((await store.loadContext(id)).map((m) => [m.role, m.content])).toEqual([
          ["system", COMPACTION_SUMMARY_PREFIX + "s"], ["assistant", COMPACTION_CONTINUATION],
          ["assistant", "reading"], ["tool", "result of c1"], ["tool", "result of c2"], ["assistant", "both read"], ["user", "thanks"],
        ]);
      });

      it("archives nothing when no more than preserveCount rows are active", async () => {
        const { sessionId } = await conversation(5);
        expect(await store.compactSession(sessionId, "s", 5)).toBe(0);
        expect(await store.compactSession(sessionId, "s", 9)).toBe(0);
        expect(await store.loadAllMessages(sessionId)).toHaveLength(5);
        expect(await store.compactedStats()).toMatchObject({ messageCount: 0 });
      });

      it("clears model-facing content for microcompact and keeps the full output", async () => {
        const id = await newSession();
        await assistant(id, null, { toolCalls: [call("c1"), call("c2"), call("c3")] });
        const withFull = await store.insertToolMessageWithFull(id, { content: "summary", toolCallId: "c1", fullContent: "full output" });
        const plain = await tool(id, "c2", "plain output");
        const untouched = await tool(id, "c3", "kept");
        await store.clearMessageContent([withFull, plain], CLEARED_TOOL_RESULT);
        await store.clearMessageContent([], CLEARED_TOOL_RESULT);
        const byId = new Map((await store.loadAllMessages(id)).map((m) => [m.id, m]));
        expect(byId.get(withFull)).toMatchObject({ content: CLEARED_TOOL_RESULT, fullContent: "full output" });
        expect(byId.get(plain)).toMatchObject({ content: CLEARED_TOOL_RESULT, fullContent: "plain output" });
        expect(byId.get(untouched)).toMatchObject({ content: "kept", fullContent: null });
        await store.clearMessageContent([plain], CLEARED_TOOL_RESULT);
        expect((await store.loadAllMessages(id)).find((m) => m.id === plain)!.fullContent).toBe("plain output");
      });
    });

    describe("archived history", () => {
      it("reports stats of archived rows", async () => {
        expect(await store.compactedStats()).toEqual({ messageCount: 0, sessionCount: 0, sizeBytes: 0, oldest: null });
        const a = await conversation(6);
        const firstCompaction = clock.now();
        await store.compactSession(a.sessionId, "s", 2);
        clock.advance(DAY);
        const b = await newSession();
        await user(b, "0123456789");
        await store.insertToolMessageWithFull(b, { content: "abc", toolCallId: "x", fullContent: "abcdefgh" });
        await user(b, "tail");
        await store.compactSession(b, "s", 1);
        // a: m0..m3, 2 bytes each; b: "0123456789" and the tool row, 10 + 3 + 8 bytes.
        expect(await store.compactedStats()).toEqual({ messageCount: 6, sessionCount: 2, sizeBytes: 8 + 21, oldest: firstCompaction });
      });

      it("purges only rows archived longer ago than the given days", async () => {
        const a = await conversation(8);
        await store.compactSession(a.sessionId, "old", 3);
        clock.advance(10 * DAY);
        const b = await conversation(6);
        await store.compactSession(b.sessionId, "recent", 3);
        clock.advance(DAY);
        expect(await store.purgeCompacted(7)).toBe(5);
        expect(await store.compactedStats()).toMatchObject({ messageCount: 3, sessionCount: 1 });
        expect(contents(await store.loadAllMessages(a.sessionId))).toEqual([
          COMPACTION_SUMMARY_PREFIX + "old", COMPACTION_CONTINUATION, "m5", "m6", "m7",
        ]);
        expect(await store.purgeCompacted(7)).toBe(0);
        expect(await store.purgeCompacted(0)).toBe(3);
        expect(await store.compactedStats()).toMatchObject({ messageCount: 0, oldest: null });
        expect(contents(await store.loadContext(b.sessionId))).toEqual([COMPACTION_SUMMARY_PREFIX + "recent", COMPACTION_CONTINUATION, "m3", "m4", "m5"]);
      });

      it("purges with 0 days everything archived, even this millisecond", async () => {
        const { sessionId } = await conversation(4);
        await store.compactSession(sessionId, "s", 1);
        expect(await store.purgeCompacted(0)).toBe(3);
        expect(await store.loadAllMessages(sessionId)).toHaveLength(3);
      });
    });

    describe("metadata", () => {
      it("upserts per-session values; the todo list is key \"todo\"", async () => {
        const a = await newSession();
        const b = await newSession();
        expect(await store.getMetadata(a, "k")).toBeNull();
        await store.setMetadata(a, "k", "one");
        await store.setMetadata(a, "k", "two");
        await store.setMetadata(b, "k", "other");
        expect(await store.getMetadata(a, "k")).toBe("two");
        expect(await store.getMetadata(b, "k")).toBe("other");
        expect(await store.getTodo(a)).toBeNull();
        await store.setTodo(a, '[{"content":"write tests","status":"in_progress"}]');
        expect(await store.getMetadata(a, "todo")).toBe('[{"content":"write tests","status":"in_progress"}]');
        await store.setMetadata(a, "todo", "[]");
        expect(await store.getTodo(a)).toBe("[]");
      });

      it("rejects metadata for an unknown session", async () => {
        await expect(store.setMetadata("0190a000-0000-7000-8000-000000000000", "k", "v")).rejects.toThrow();
      });
    });

    describe("detectInterruption", () => {
      it("is null for an empty or answered session", async () => {
        const id = await newSession();
        expect(await store.detectInterruption(id)).toBeNull();
        await user(id, "hi");
        await assistant(id, "hello");
        await store.insertMessage(id, { role: "system", content: "note", complete: true });
        expect(await store.detectInterruption(id)).toBeNull();
      });

      it("reports an unanswered prompt with a one-line preview of at most 80 characters", async () => {
        const id = await newSession();
        await user(id, `  Please refactor\n\tthe   parser ${"x".repeat(100)}`);
        await store.insertMessage(id, { role: "system", content: "note", complete: true });
        expect(await store.detectInterruption(id)).toEqual({ kind: "prompt", preview: `Please refactor the parser ${"x".repeat(53)}` });
      });

      it("reports a prompt whose reply was cut off", async () => {
        const id = await newSession();
        await user(id, "short prompt");
        await store.insertMessage(id, { role: "assistant", content: "I will sta" });
        expect(await store.detectInterruption(id)).toEqual({ kind: "prompt", preview: "short prompt" });
      });

      it("reports an unprocessed tool result", async () => {
        const id = await newSession();
        await user(id, "read it");
        await assistant(id, null, { toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(await store.detectInterruption(id)).toEqual({ kind: "tool" });
      });

      it("ignores archived rows", async () => {
        const id = await newSession();
        await user(id, "q");
        await assistant(id, "a");
        await user(id, "unanswered");
        await store.compactSession(id, "s", 0);
        expect(await store.detectInterruption(id)).toBeNull();
      });
    });

    it("closes idempotently", async () => {
      await store.close();
      await store.close();
    });
  });
}
