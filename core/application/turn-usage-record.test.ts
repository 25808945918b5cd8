import { describe, expect, it, vi } from "vitest";
import { ZERO_USAGE, type TurnUsage } from "../domain/usage.ts";
import { InMemoryStore } from "../../test/fakes/in-memory-store.ts";
import { turnUsages } from "./turn-usage-record.ts";

const line = (promptTokens: number): TurnUsage => ({ usage: { ...ZERO_USAGE, promptTokens }, costUsd: null, elapsedMs: 1_000, tokensPerSecond: 10 });

describe("turnUsages", () => {
  it("reads the usage lines of a page of messages in one read, from its smallest id through its largest", async () => {
    const store = new InMemoryStore({ now: () => 1 });
    const id = await store.sessions.createSession({ agentName: "main", project: { root: "/p", key: "path:/p" } });
    for (const [message, tokens] of [["m1", 1], ["m3", 3], ["m5", 5], ["m7", 7]] as const) await store.sessions.setMetadata(id, `turn_usage:${message}`, JSON.stringify(line(tokens)));
    await store.sessions.setMetadata(id, "turn_usage:m4", "{damaged");
    const list = vi.spyOn(store.sessions, "listMetadata");
    const page = await turnUsages(store.sessions, id, ["m5", "m2", "m3", "m4"]);
    expect([...page]).toEqual([["m5", line(5)], ["m3", line(3)]]);
    expect(list.mock.calls.map((c) => c[1])).toEqual([{ prefix: "turn_usage:", from: "turn_usage:m2", through: "turn_usage:m5" }]);
    expect(await turnUsages(store.sessions, id, [])).toEqual(new Map());
    expect(list).toHaveBeenCalledTimes(1);
  });
});
