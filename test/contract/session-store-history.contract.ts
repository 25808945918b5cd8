import { describe, expect, it } from "vitest";
import { CLEARED_TOOL_RESULT, COMPACTION_CONTINUATION, COMPACTION_SUMMARY_PREFIX } from "../../core/domain/compaction-text.ts";
import { DAY, sessionStoreFixture, type MakeSessionStore } from "./session-store-fixture.ts";

/** The history half of the store contract: what reaches the model, usage, compaction, purge. */
export function describeSessionStoreHistory(name: string, make: MakeSessionStore): void {
  describe(`store contract (history): ${name}`, () => {
    const f = sessionStoreFixture(make);
    const { usage, call, newSession, user, assistant, tool, contents, conversation } = f;

    describe("loadContext", () => {
      it("drops results without calls, and keeps calls without results (their outcome is unknown, and the model is told so)", async () => {
        const id = await newSession();
        await user(id, "go");
        const a = await assistant(id, "Two reads.", { toolCalls: [call("c1"), call("c2")] });
        await tool(id, "c1");
        await tool(id, "stray");
        await assistant(id, null, { toolCalls: [call("c3")] });
        await user(id, "next");
        const context = await f.store.messages.loadContext(id);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["user", "go"], ["assistant", "Two reads."], ["tool", "result of c1"], ["assistant", null], ["user", "next"],
        ]);
        expect(context[1]).toMatchObject({ id: a, toolCalls: [call("c1"), call("c2")] });
        expect(context[3]).toMatchObject({ toolCalls: [call("c3")] });
        expect((await f.store.messages.loadAllMessages(id))[1]!.toolCalls).toEqual([call("c1"), call("c2")]);
      });

      it("drops the results of an unfinished reply's calls", async () => {
        const id = await newSession();
        await user(id, "go");
        await f.store.messages.insertMessage(id, { role: "assistant", content: "Reading.", toolCalls: [call("c1")] });
        await tool(id, "c1");
        expect(contents(await f.store.messages.loadContext(id))).toEqual(["go"]);
      });

      it("drops empty assistant rows and blank rows, keeps system rows and blank tool results", async () => {
        const id = await newSession();
        await f.store.messages.insertMessage(id, { role: "system", content: "note", complete: true });
        await user(id, "q");
        await assistant(id, null);
        await assistant(id, "", { thinkingContent: "only thinking" });
        await user(id, " \n\t ");
        await assistant(id, "   ");
        await assistant(id, "  ", { toolCalls: [call("c1")] });
        await tool(id, "c1", "");
        await assistant(id, "answer");
        const context = await f.store.messages.loadContext(id);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["system", "note"], ["user", "q"], ["assistant", "  "], ["tool", ""], ["assistant", "answer"],
        ]);
      });
    });

    describe("usage", () => {
      it("sums token usage and counts assistant calls, archived rows included", async () => {
        const id = await newSession();
        expect(await f.store.usage.sessionTokenUsage(id)).toEqual({
          promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 0, costUsd: 0, unpricedCalls: 0,
        });
        await user(id, "q");
        await assistant(id, "a", { usage: usage(100, 10, { cacheReadTokens: 80, cacheCreationTokens: 5, thinkingTokens: 3 }), costUsd: 0.5 });
        await assistant(id, "b", { usage: usage(200, 20), agentName: "explorer", costUsd: 0.25 });
        await assistant(id, "c");
        await assistant(id, "d", { usage: usage(300, 30, { cacheReadTokens: 1 }), agentName: "explorer" });
        await f.store.messages.compactSession(id, "s", 1);
        expect(await f.store.usage.sessionTokenUsage(id)).toEqual({
          promptTokens: 600, completionTokens: 60, cacheReadTokens: 81, cacheCreationTokens: 5, thinkingTokens: 3, apiCalls: 3, costUsd: 0.75, unpricedCalls: 1,
        });
        const byAgent = await f.store.usage.sessionUsageByAgent(id);
        expect([...byAgent].sort((x, y) => x.agentName.localeCompare(y.agentName))).toEqual([
          { agentName: "explorer", usage: { promptTokens: 500, completionTokens: 50, cacheReadTokens: 1, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 2, costUsd: 0.25, unpricedCalls: 1 } },
          { agentName: "main", usage: { promptTokens: 100, completionTokens: 10, cacheReadTokens: 80, cacheCreationTokens: 5, thinkingTokens: 3, apiCalls: 1, costUsd: 0.5, unpricedCalls: 0 } },
        ]);
      });
    });

    it("counts the session's sub-agents' sessions in its usage, under their agent's name, and not the other way round", async () => {
      const parent = await newSession();
      const child = await f.store.sessions.createSession({ agentName: "task", project: f.project, parentId: parent });
      await assistant(parent, "a", { usage: usage(100, 10), costUsd: 0.5 });
      await assistant(child, "b", { usage: usage(40, 4), agentName: "task", costUsd: 0.25 });
      expect(await f.store.usage.sessionTokenUsage(parent)).toMatchObject({ promptTokens: 140, completionTokens: 14, apiCalls: 2, costUsd: 0.75 });
      expect(await f.store.usage.sessionTokenUsage(child)).toMatchObject({ promptTokens: 40, apiCalls: 1, costUsd: 0.25 });
      expect((await f.store.usage.sessionUsageByAgent(parent)).map((a) => [a.agentName, a.usage.costUsd])).toEqual([["main", 0.5], ["task", 0.25]]);
    });

    describe("compaction", () => {
      it("archives all but the tail and puts the summary pair between them", async () => {
        const { sessionId, ids } = await conversation(20);
        f.clock.advance(DAY);
        expect(await f.store.messages.compactSession(sessionId, "They built a parser.", 10)).toBe(10);
        const context = await f.store.messages.loadContext(sessionId);
        expect(context.map((m) => [m.role, m.content])).toEqual([
          ["system", COMPACTION_SUMMARY_PREFIX + "They built a parser."],
          ["assistant", COMPACTION_CONTINUATION],
          ...ids.slice(10).map((_, i) => [i % 2 === 0 ? "user" : "assistant", `m${i + 10}`]),
        ]);
        expect(context.slice(2).map((m) => m.id)).toEqual(ids.slice(10));
        expect(context[1]!.completedAt).toBe(f.clock.now());
        const all = await f.store.messages.loadAllMessages(sessionId);
        expect(all).toHaveLength(22);
        expect(all.slice(0, 10).map((m) => [m.id, m.compactedAt])).toEqual(ids.slice(0, 10).map((id) => [id, f.clock.now()]));
        expect(all.slice(10, 12).map((m) => m.role)).toEqual(["system", "assistant"]);
        expect(all.slice(12).map((m) => [m.id, m.compactedAt])).toEqual(ids.slice(10).map((id) => [id, null]));
      });

      it("keeps the order through repeated compactions", async () => {
        const { sessionId, ids } = await conversation(20);
        await f.store.messages.compactSession(sessionId, "one", 10);
        const more = await conversation(4, sessionId);
        expect(await f.store.messages.compactSession(sessionId, "two", 4)).toBe(12);
        expect(contents(await f.store.messages.loadContext(sessionId))).toEqual([
          COMPACTION_SUMMARY_PREFIX + "two", COMPACTION_CONTINUATION, "m0", "m1", "m2", "m3",
        ]);
        const all = await f.store.messages.loadAllMessages(sessionId);
        expect(all.map((m) => m.id).filter((id) => ids.includes(id) || more.ids.includes(id))).toEqual([...ids, ...more.ids]);
        expect(contents(all).slice(8, 26)).toEqual([
          "m8", "m9", COMPACTION_SUMMARY_PREFIX + "one", COMPACTION_CONTINUATION,
          ...ids.slice(10).map((_, i) => `m${i + 10}`), COMPACTION_SUMMARY_PREFIX + "two", COMPACTION_CONTINUATION, "m0", "m1",
        ]);
        // Archiving only the first summary puts the new pair between it and its continuation.
        expect(await f.store.messages.compactSession(sessionId, "three", 5)).toBe(1);
        expect(contents(await f.store.messages.loadContext(sessionId))).toEqual([
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
        expect(await f.store.messages.compactSession(id, "s", 3)).toBe(1);
        expect((await f.store.messages.loadContext(id)).map((m) => [m.role, m.content])).toEqual([
          ["system", COMPACTION_SUMMARY_PREFIX + "s"], ["assistant", COMPACTION_CONTINUATION],
          ["assistant", "reading"], ["tool", "result of c1"], ["tool", "result of c2"], ["assistant", "both read"], ["user", "thanks"],
        ]);
      });

      it("archives nothing when no more than preserveCount rows are active", async () => {
        const { sessionId } = await conversation(5);
        expect(await f.store.messages.compactSession(sessionId, "s", 5)).toBe(0);
        expect(await f.store.messages.compactSession(sessionId, "s", 9)).toBe(0);
        expect(await f.store.messages.loadAllMessages(sessionId)).toHaveLength(5);
        expect(await f.store.messages.compactedStats()).toMatchObject({ messageCount: 0 });
      });

      it("clears model-facing content for microcompact and keeps the full output", async () => {
        const id = await newSession();
        await assistant(id, null, { toolCalls: [call("c1"), call("c2"), call("c3")] });
        const withFull = await f.store.messages.insertToolMessageWithFull(id, { content: "summary", toolCallId: "c1", fullContent: "full output" });
        const plain = await tool(id, "c2", "plain output");
        const untouched = await tool(id, "c3", "kept");
        await f.store.messages.clearMessageContent([withFull, plain], CLEARED_TOOL_RESULT);
        await f.store.messages.clearMessageContent([], CLEARED_TOOL_RESULT);
        const byId = new Map((await f.store.messages.loadAllMessages(id)).map((m) => [m.id, m]));
        expect(byId.get(withFull)).toMatchObject({ content: CLEARED_TOOL_RESULT, fullContent: "full output" });
        expect(byId.get(plain)).toMatchObject({ content: CLEARED_TOOL_RESULT, fullContent: "plain output" });
        expect(byId.get(untouched)).toMatchObject({ content: "kept", fullContent: null });
        await f.store.messages.clearMessageContent([plain], CLEARED_TOOL_RESULT);
        expect((await f.store.messages.loadAllMessages(id)).find((m) => m.id === plain)!.fullContent).toBe("plain output");
      });
    });

    describe("archived history", () => {
      it("reports stats of archived rows", async () => {
        expect(await f.store.messages.compactedStats()).toEqual({ messageCount: 0, sessionCount: 0, sizeBytes: 0, oldest: null });
        const a = await conversation(6);
        const firstCompaction = f.clock.now();
        await f.store.messages.compactSession(a.sessionId, "s", 2);
        f.clock.advance(DAY);
        const b = await newSession();
        await user(b, "0123456789");
        await f.store.messages.insertToolMessageWithFull(b, { content: "abc", toolCallId: "x", fullContent: "abcdefgh" });
        await user(b, "tail");
        await f.store.messages.compactSession(b, "s", 1);
        // a: m0..m3, 2 bytes each; b: "0123456789" and the tool row, 10 + 3 + 8 bytes.
        expect(await f.store.messages.compactedStats()).toEqual({ messageCount: 6, sessionCount: 2, sizeBytes: 8 + 21, oldest: firstCompaction });
      });

      it("purges only rows archived longer ago than the given days", async () => {
        const a = await conversation(8);
        await f.store.messages.compactSession(a.sessionId, "old", 3);
        f.clock.advance(10 * DAY);
        const b = await conversation(6);
        await f.store.messages.compactSession(b.sessionId, "recent", 3);
        f.clock.advance(DAY);
        expect(await f.store.messages.purgeCompacted(7)).toBe(5);
        expect(await f.store.messages.compactedStats()).toMatchObject({ messageCount: 3, sessionCount: 1 });
        expect(contents(await f.store.messages.loadAllMessages(a.sessionId))).toEqual([
          COMPACTION_SUMMARY_PREFIX + "old", COMPACTION_CONTINUATION, "m5", "m6", "m7",
        ]);
        expect(await f.store.messages.purgeCompacted(7)).toBe(0);
        expect(await f.store.messages.purgeCompacted(0)).toBe(3);
        expect(await f.store.messages.compactedStats()).toMatchObject({ messageCount: 0, oldest: null });
        expect(contents(await f.store.messages.loadContext(b.sessionId))).toEqual([COMPACTION_SUMMARY_PREFIX + "recent", COMPACTION_CONTINUATION, "m3", "m4", "m5"]);
      });

      it("purges with 0 days everything archived, even this millisecond", async () => {
        const { sessionId } = await conversation(4);
        await f.store.messages.compactSession(sessionId, "s", 1);
        expect(await f.store.messages.purgeCompacted(0)).toBe(3);
        expect(await f.store.messages.loadAllMessages(sessionId)).toHaveLength(3);
      });
    });
  });
}
