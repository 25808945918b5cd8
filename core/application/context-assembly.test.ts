import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../domain/message.ts";
import { assembleMessages, INTERRUPTED_TURN_SENTINEL, UNKNOWN_OUTCOME_RESULT } from "./context-assembly.ts";

let n = 0;
const row = (role: StoredMessage["role"], content: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  id: String(n++), sessionId: "s", role, content, fullContent: null, toolCalls: [], toolCallId: null, thinkingContent: null,
  thinkingSignature: null, usage: null, agentName: null, completedAt: 1, compactedAt: null, createdAt: 1, model: null, provider: null, costUsd: null, ...extra,
});

describe("assembleMessages", () => {
  it("puts a sentinel reply between two user-side messages, and attaches images to the last user message", () => {
    const image = { mediaType: "image/png", base64: "AAAA" };
    const out = assembleMessages([row("user", "a"), row("user", "b")], [image]);
    expect(out.map((m) => [m.role, m.content])).toEqual([["user", "a"], ["assistant", INTERRUPTED_TURN_SENTINEL], ["user", "b"]]);
    expect(out[2]!.images).toEqual([image]);
    expect(out[0]!.images).toBeUndefined();
  });

  it("a tool result followed by a user message also gets the sentinel", () => {
    const out = assembleMessages([row("user", "q"), row("assistant", "", { toolCalls: [{ id: "c", name: "Read", arguments: "{}" }] }), row("tool", "r", { toolCallId: "c" }), row("user", "next")]);
    expect(out.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "user"]);
  });

  it("answers a call that has no result row (Ursa was killed while it ran) with an unknown outcome, then the sentinel", () => {
    const calls = [{ id: "c1", name: "Bash", arguments: "{}" }, { id: "c2", name: "Write", arguments: "{}" }];
    const out = assembleMessages([row("user", "q"), row("assistant", "", { toolCalls: calls }), row("tool", "done", { toolCallId: "c1" }), row("user", "continue")]);
    expect(out.map((m) => [m.role, m.toolCallId ?? null, m.content])).toEqual([
      ["user", null, "q"], ["assistant", null, ""], ["tool", "c1", "done"], ["tool", "c2", UNKNOWN_OUTCOME_RESULT], ["assistant", null, INTERRUPTED_TURN_SENTINEL], ["user", null, "continue"],
    ]);
  });

  it("passes thinking and signatures back only to the provider that wrote them; a signature alone counts", () => {
    const history = [
      row("user", "q"),
      row("assistant", "a1", { thinkingContent: "hmm", thinkingSignature: "sig-a", provider: "anthropic" }),
      row("assistant", "a2", { thinkingSignature: "sig-g", provider: "gemini" }),
    ];
    const toGemini = assembleMessages(history, [], "gemini");
    expect(toGemini[1]!.thinking).toBeUndefined();
    expect(toGemini[2]!.thinking).toEqual({ text: "", signature: "sig-g" });
    const toAnthropic = assembleMessages(history, [], "anthropic");
    expect(toAnthropic[1]!.thinking).toEqual({ text: "hmm", signature: "sig-a" });
    expect(toAnthropic[2]!.thinking).toBeUndefined();
  });
});
