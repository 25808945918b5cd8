import { afterEach, describe, expect, it } from "vitest";
import { CLEARED_TOOL_RESULT } from "../domain/compaction-text.ts";
import type { Tool } from "../ports/tool.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { textReply } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => h?.cleanup());

/** A plugin's tools: one whose output can be fetched again, one whose results are decisions. */
const lookup: Tool = { name: "Lookup", description: "looks up", parameters: { type: "object" }, rerunnable: true, classify: () => "read_only", execute: async () => ({ output: "", success: true }) };
const decide: Tool = { name: "Decide", description: "decides", parameters: { type: "object" }, classify: () => "read_only", execute: async () => ({ output: "", success: true }) };

async function sessionWithReads(clock: { t: number }, count: number, toolName: (i: number) => string = (i) => (i === 0 ? "read_file" : "Read")) {
  h = await createHarness({ now: () => clock.t, replies: [textReply("ok")], extraTools: [lookup, decide] });
  const id = h.session.id;
  await h.store.messages.insertMessage(id, { role: "user", content: "read them all", complete: true });
  const calls = Array.from({ length: count }, (_, i) => ({ id: `r${i}`, name: toolName(i), arguments: `{"file_path":"f${i}"}` }));
  await h.store.messages.insertMessage(id, { role: "assistant", content: "", toolCalls: calls, complete: true });
  for (const call of calls) await h.store.messages.insertMessage(id, { role: "tool", content: `contents of ${call.id} ${"y".repeat(400)}`, toolCallId: call.id, complete: true });
  await h.store.messages.insertMessage(id, { role: "assistant", content: "read", complete: true });
  return id;
}

describe("microcompact", () => {
  it("after five idle minutes clears all but the newest five re-runnable results before the request", async () => {
    const clock = { t: 1_000_000 };
    const id = await sessionWithReads(clock, 8);
    clock.t += 10 * 60_000;
    await h.session.prompt("and now?");
    const sent = h.provider.requests[0]!.messages.filter((m) => m.role === "tool").map((m) => m.content);
    expect(sent.slice(0, 3)).toEqual([CLEARED_TOOL_RESULT, CLEARED_TOOL_RESULT, CLEARED_TOOL_RESULT]);
    expect(sent.slice(3).every((c) => c.startsWith("contents of"))).toBe(true);
    // The full output stays in the database for RecallContext.
    const stored = (await h.store.messages.loadAllMessages(id)).find((m) => m.toolCallId === "r0")!;
    expect(stored.fullContent).toMatch(/^contents of r0/);
    expect(h.of("info").some((e) => e.message === "Cleared 3 old tool results from the context.")).toBe(true);
  });

  it("clears what the tool itself declares re-runnable, a plugin's tool too, and keeps other tools' results", async () => {
    const clock = { t: 1_000_000 };
    await sessionWithReads(clock, 12, (i) => (i % 2 === 0 ? "Lookup" : "Decide"));
    clock.t += 10 * 60_000;
    await h.session.prompt("and now?");
    const sent = h.provider.requests[0]!.messages.filter((m) => m.role === "tool").map((m) => m.content);
    // Six Lookup results (even calls): the oldest one is cleared, the newest five kept; every Decide result kept.
    expect(sent.filter((c) => c === CLEARED_TOOL_RESULT)).toHaveLength(1);
    expect(sent[0]).toBe(CLEARED_TOOL_RESULT);
    expect(sent[1]).toMatch(/^contents of r1/);
  });

  it("leaves a session that was active recently alone", async () => {
    const clock = { t: 1_000_000 };
    await sessionWithReads(clock, 8);
    clock.t += 60_000;
    await h.session.prompt("and now?");
    const sent = h.provider.requests[0]!.messages.filter((m) => m.role === "tool");
    expect(sent.every((m) => m.content.startsWith("contents of"))).toBe(true);
  });
});
