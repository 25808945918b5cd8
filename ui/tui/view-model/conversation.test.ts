import { beforeAll, describe, expect, it } from "vitest";
import type { EngineEvent, EngineEventBody } from "../../../core/domain/engine-event.ts";
import type { StoredMessage } from "../../../core/domain/message.ts";
import { ConversationModel } from "./conversation.ts";
import { turnEnds } from "./history-blocks.ts";
import { loadMarkdown } from "./markdown.ts";
import { textOf } from "./styled.ts";

beforeAll(() => loadMarkdown());

const ev = (body: EngineEventBody): EngineEvent => ({ sessionId: "s1", ...body }) as EngineEvent;
const screen = (c: ConversationModel, width = 60, height = 20) => c.window(width, height).rows.map(textOf).join("\n");

function msg(partial: Partial<StoredMessage> & { id: string; role: StoredMessage["role"] }): StoredMessage {
  return {
    sessionId: "s1", content: null, fullContent: null, toolCalls: [], toolCallId: null, thinkingContent: null, thinkingSignature: null,
    usage: null, agentName: null, model: null, provider: null, costUsd: null, completedAt: 1, compactedAt: null, createdAt: 1, ...partial,
  };
}

describe("ConversationModel", () => {
  it("streams text deltas into one reply, rendered as markdown", () => {
    const c = new ConversationModel();
    c.addUser("hi");
    for (const e of [ev({ type: "turn_started", turnId: "t" }), ev({ type: "response_started" }), ev({ type: "text_delta", text: "Hel" }), ev({ type: "text_delta", text: "lo **you**\nsecond" })]) c.apply(e);
    expect(screen(c)).toContain("› hi");
    expect(screen(c)).toContain("Hello you\nsecond");
  });

  it("a queued prompt keeps its (queued) mark until a request takes it; the same text queued again keeps its own", () => {
    const c = new ConversationModel();
    c.addUser("first");
    c.addUser("again", true);
    c.addUser("again", true);
    screen(c); // the rows are cached: the mark must go from the cache too
    expect(c.apply(ev({ type: "queued_sent", texts: ["again"] }))).toBe(true);
    expect(screen(c)).toMatch(/› again\n\n› again {2}\(queued\)/);
    expect(c.apply(ev({ type: "queued_sent", texts: ["never typed"] }))).toBe(false);
  });

  it("lines a streaming table's columns up as its rows arrive, and keeps them once the table ends", () => {
    const c = new ConversationModel();
    for (const e of [ev({ type: "turn_started", turnId: "t" }), ev({ type: "response_started" }), ev({ type: "text_delta", text: "| a | b |\n|---|---|\n| x | y |\n| long" })]) c.apply(e);
    expect(screen(c)).toContain("a    │ b\n─────┼────\nx    │ y\nlong");
    c.apply(ev({ type: "text_delta", text: "er cell | z |\nDone." }));
    expect(screen(c)).toContain("a           │ b\n────────────┼────\nx           │ y\nlonger cell │ z\nDone.");
  });

  it("shows a tool call as one line, streams its output while running, and expands when finished", () => {
    const c = new ConversationModel();
    c.apply(ev({ type: "tool_call_started", id: "b1", name: "Bash", args: { command: "npm test" }, isSubAgent: false }));
    for (let i = 1; i <= 7; i++) c.apply(ev({ type: "tool_output_line", id: "b1", line: `line ${i}`, isStderr: false }));
    expect(screen(c)).toContain("◆ Bash npm test ▸ 7 lines");
    expect(screen(c)).toContain("line 7");
    expect(screen(c)).not.toContain("line 2"); // only the tail while running
    c.apply(ev({ type: "tool_call_finished", id: "b1", name: "Bash", output: "@@ -1 +1 @@\n-old\n+new", success: true }));
    expect(screen(c)).toContain("✓ Bash npm test ▸ 3 lines");
    expect(screen(c)).not.toContain("+new");
    c.select(60, 20, -1);
    c.toggleSelected();
    expect(screen(c)).toContain("+new");
    const add = c.window(60, 20).rows.find((r) => textOf(r).includes("+new"))!;
    expect(add.some((s) => s.style === "add")).toBe(true);
  });

  it("keeps thinking collapsed until expanded", () => {
    const c = new ConversationModel();
    c.apply(ev({ type: "thinking_started" }));
    c.apply(ev({ type: "thinking_delta", text: "secret plan\nstep two" }));
    c.apply(ev({ type: "thinking_done" }));
    expect(screen(c)).toContain("▸ thinking (2 lines)");
    expect(screen(c)).not.toContain("secret plan");
    c.select(60, 20, -1);
    c.toggleSelected();
    expect(screen(c)).toContain("secret plan");
  });

  it("notes interrupts, errors, blocks and usage", () => {
    const c = new ConversationModel();
    c.apply(ev({ type: "action_blocked", callId: "c", toolName: "Write", detail: "Write a.txt", reason: "plan mode is read-only", preview: null }));
    c.apply(ev({ type: "turn_ended", turnId: "t", reason: { kind: "cancelled" } }));
    c.apply(ev({ type: "turn_ended", turnId: "t", reason: { kind: "error", message: "boom" } }));
    expect(screen(c)).toContain("⛔ blocked by the trust mode: Write a.txt");
    expect(screen(c)).toContain("⚠ Interrupted");
    expect(screen(c)).toContain("✗ boom");
  });

  it("says a failed turn's error once, not again when the turn ends", () => {
    const c = new ConversationModel();
    c.apply(ev({ type: "turn_started", turnId: "t" }));
    c.apply(ev({ type: "error", message: "rejected the API key (401)" }));
    c.apply(ev({ type: "turn_ended", turnId: "t", reason: { kind: "error", message: "rejected the API key (401)" } }));
    expect(screen(c).match(/✗ rejected the API key/g)).toHaveLength(1);
  });

  it("builds blocks from history pages, attaching results whose call is in an older page", () => {
    const c = new ConversationModel();
    c.prependHistory([msg({ id: "3", role: "tool", toolCallId: "call", content: "wrote it" }), msg({ id: "4", role: "assistant", content: "Done." })], 2);
    expect(c.hasOlder).toBe(true);
    c.prependHistory([msg({ id: "1", role: "user", content: "make a.txt" }), msg({ id: "2", role: "assistant", content: "Sure.", toolCalls: [{ id: "call", name: "Write", arguments: '{"file_path":"a.txt"}' }] })], 5);
    expect(c.hasOlder).toBe(false);
    expect(c.oldestId).toBe("1");
    expect(screen(c)).toMatch(/› make a.txt[\s\S]*Sure\.[\s\S]*✓ Write a.txt ▸ 1 line[\s\S]*Done\./);
  });

  it("follows new text at the bottom, and holds still when scrolled up", () => {
    const c = new ConversationModel();
    for (let i = 0; i < 50; i++) c.addUser(`message ${i}`);
    expect(screen(c, 40, 5)).toContain("message 49");
    c.scroll(40, 5, -10);
    const before = screen(c, 40, 5);
    expect(before).not.toContain("message 49");
    c.addUser("late arrival");
    expect(screen(c, 40, 5)).toBe(before);
    c.scroll(40, 5, 1_000);
    expect(c.viewport.following).toBe(true);
    expect(screen(c, 40, 5)).toContain("late arrival");
  });

  it("lays out only the visible window, so a huge conversation renders fast", () => {
    const c = new ConversationModel();
    const page = Array.from({ length: 10_000 }, (_, i) => msg({ id: String(i).padStart(6, "0"), role: i % 2 ? "assistant" : "user", content: `message ${i} ${"word ".repeat(30)}` }));
    c.prependHistory(page, 20_000);
    // Count layouts instead of timing them: the window may lay out only the blocks it shows.
    let laidOut = 0;
    for (const block of c.blocks) {
      const rows = block.rows.bind(block);
      block.rows = (width: number) => {
        laidOut++;
        return rows(width);
      };
    }
    const win = c.window(100, 40);
    expect(win.rows.map(textOf).join("\n")).toContain("message 9999");
    expect(win.atTop).toBe(false);
    expect(laidOut).toBeGreaterThan(0);
    expect(laidOut).toBeLessThan(50);
  });

  it("streams a long reply into one block that grows, with the whole text on screen at the end", () => {
    const c = new ConversationModel();
    for (let i = 0; i < 20_000; i++) {
      c.apply(ev({ type: "text_delta", text: i % 20 === 19 ? `w${i}\n` : `w${i} ` }));
      if (i % 30 === 0) c.window(100, 40);
    }
    expect(c.blocks.length).toBeLessThan(5);
    expect(screen(c, 100, 40)).toContain("w19999");
  });
});

describe("the per-turn usage line", () => {
  it("is formatted as the status bar's figures, with the turn's cost", () => {
    const conv = new ConversationModel();
    const usage = { promptTokens: 12_000, completionTokens: 1_500, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "end_turn" };
    conv.apply(ev({ type: "usage_reported", usage, costUsd: 0.0585, totalChars: 6000, elapsedMs: 4_230, tokensPerSecond: 354.6, context: "" }));
    expect(conv.window(80, 5).rows.map(textOf).join("\n")).toContain("12k in · 1.5k out · $0.0585 · 4.2s · 355 tok/s");
  });

  it("comes back under each turn when the history is loaded again (issue 12)", () => {
    const usage = { promptTokens: 12_000, completionTokens: 1_500, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "end_turn" };
    const live = new ConversationModel();
    live.addUser("first");
    live.apply(ev({ type: "text_delta", text: "one" }));
    live.apply(ev({ type: "usage_reported", usage, costUsd: 0.0585, totalChars: 3, elapsedMs: 4_230, tokensPerSecond: 354.6, context: "" }));
    live.apply(ev({ type: "turn_ended", turnId: "t", reason: { kind: "complete" } }));
    const reopened = new ConversationModel();
    const page = [msg({ id: "m1", role: "user", content: "first" }), msg({ id: "m2", role: "assistant", content: "one" }), msg({ id: "m3", role: "user", content: "second" })];
    reopened.prependHistory(page, 60, new Map([["m2", { usage, costUsd: 0.0585, elapsedMs: 4_230, tokensPerSecond: 354.6 }]]));
    const text = screen(reopened, 80, 20);
    expect(text).toContain(screen(live, 80, 20).trimEnd());
    expect(text).toMatch(/one\n\n12k in · 1\.5k out · \$0\.0585 · 4\.2s · 355 tok\/s\n\n› second/);
  });

  it("looks for a turn's end at every message but one a tool result follows (a failed prompt, a reply resumed by \"continue\")", () => {
    const call = { id: "c", name: "Read", arguments: "{}" };
    const page = [
      msg({ id: "u1", role: "user", content: "a" }), msg({ id: "a1", role: "assistant", toolCalls: [call] }), msg({ id: "t1", role: "tool", toolCallId: "c" }),
      msg({ id: "a2", role: "assistant", content: "done" }), msg({ id: "u2", role: "user", content: "refused" }), msg({ id: "a3", role: "assistant", content: "after continue" }),
    ];
    expect(turnEnds(page)).toEqual(["u1", "t1", "a2", "u2", "a3"]);
  });
});

describe("an expanded Write or Edit", () => {
  it("shows its change as a diff", () => {
    const conv = new ConversationModel();
    conv.apply(ev({ type: "tool_call_started", id: "e1", name: "Edit", args: { file_path: "a.ts", old_string: "let x = 1;", new_string: "const x = 2;" }, isSubAgent: false }));
    conv.apply(ev({ type: "tool_call_finished", id: "e1", name: "Edit", output: "Edited a.ts", success: true }));
    conv.apply(ev({ type: "tool_call_started", id: "w1", name: "Write", args: { file_path: "b.txt", content: "one\ntwo\n" }, isSubAgent: false }));
    conv.apply(ev({ type: "tool_call_finished", id: "w1", name: "Write", output: "Wrote b.txt", success: true }));
    for (const block of conv.blocks) block.toggle();
    const text = conv.window(80, 20).rows.map(textOf).join("\n");
    expect(text).toMatch(/Edit a\.ts[\s\S]*│ -let x = 1;\n.*│ \+const x = 2;/);
    expect(text).toMatch(/Write b\.txt[\s\S]*│ \+one\n.*│ \+two\n/);
  });
});
