import { afterEach, describe, expect, it } from "vitest";
import { CLEARED_TOOL_RESULT } from "../ports/session-store.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { textReply } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => h?.cleanup());

async function sessionWithReads(clock: { t: number }, count: number) {
  h = await createHarness({ now: () => clock.t, replies: [textReply("ok")] });
  const id = h.session.id;
  await h.store.insertMessage(id, { role: "user", content: "read them all", complete: true });
  const calls = Array.from({ length: count }, (_, i) => ({ id: `r${i}`, name: i === 0 ? "read_file" : "Read", arguments: `{"file_path":"f${i}"}` }));
  await h.store.insertMessage(id, { role: "assistant", content: "", toolCalls: calls, complete: true });
  for (const call of calls) await h.store.insertMessage(id, { role: "tool", content: `contents of ${call.id} ${"y".repeat(400)}`, toolCallId: call.id, complete: true });
  await h.store.insertMessage(id, { role: "assistant", content: "read", complete: true });
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
    const stored = (await h.store.loadAllMessages(id)).find((m) => m.toolCallId === "r0")!;
    expect(stored.fullContent).toMatch(/^contents of r0/);
    expect(h.of("info").some((e) => e.message === "Cleared 3 old tool results from the context.")).toBe(true);
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
