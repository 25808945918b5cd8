import { describe, expect, it } from "vitest";
import type { StoredMessage } from "#plugin-api";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { recallContextTool } from "./mod.ts";

let n = 0;
function msg(role: StoredMessage["role"], content: string, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { id: String(n++), sessionId: "s", role, content, fullContent: null, toolCalls: [], toolCallId: null, thinkingContent: null, thinkingSignature: null, usage: null, agentName: null, completedAt: 1, compactedAt: null, createdAt: 1, model: null, provider: null, costUsd: null, ...extra };
}

const history = [
  msg("user", "build the parser", { compactedAt: 5 }),
  msg("assistant", "", { toolCalls: [{ id: "c1", name: "Bash", arguments: "{}" }], compactedAt: 5 }),
  msg("tool", "Exit code: 0 | stdout: 5000 lines", { fullContent: Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join("\n"), compactedAt: 5 }),
  msg("user", "now the lexer"),
  msg("assistant", "The lexer is done."),
];

describe("RecallContext", () => {
  it("finds text in full outputs of compacted tool results", async () => {
    const { ctx } = makeToolContext("/p", { history });
    const result = await recallContextTool.execute({ query: "LINE 4000" }, ctx);
    expect(result.success).toBe(true);
    expect(result.output).toMatch(/^1 matches for "LINE 4000":\n\[turn 1, tool, compacted\] ….*line 4000/);
  });

  it("shows a whole turn by number", async () => {
    const { ctx } = makeToolContext("/p", { history });
    const result = await recallContextTool.execute({ turn: 2 }, ctx);
    expect(result.output).toBe("[user] now the lexer\n\n[assistant] The lexer is done.");
    expect((await recallContextTool.execute({ turn: 3 }, ctx)).output).toBe("Error: this session has 2 turns.");
  });

  it("says when nothing matches, and needs a query or a turn", async () => {
    const { ctx } = makeToolContext("/p", { history });
    expect((await recallContextTool.execute({ query: "zebra" }, ctx)).output).toBe('No matches for "zebra" in this session\'s history.');
    expect((await recallContextTool.execute({}, ctx)).success).toBe(false);
  });
});
