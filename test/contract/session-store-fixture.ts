import { afterEach, beforeEach } from "vitest";
import type { NewMessage, StoredMessage, ToolCall } from "../../core/domain/message.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";
import type { StorePorts } from "../support/store-ports.ts";
import { FakeClock } from "../support/fake-clock.ts";

export type { StorePorts };

export interface SessionStoreHarness {
  readonly store: StorePorts;
  /** The device the store writes as: a session it creates reports it as its creator. */
  readonly deviceId: string;
  readonly cleanup?: () => Promise<void>;
}

export type MakeSessionStore = (clock: { now: () => number }) => Promise<SessionStoreHarness>;

export const SECOND = 1000;
export const DAY = 86_400_000;
const project = { root: "/home/ada/src/ursa", key: "github.com/ada/ursa" };

/**
 * A fresh store and clock for every test of a contract suite, and the helpers its tests write
 * rows with. Call inside a `describe`.
 */
export function sessionStoreFixture(make: MakeSessionStore) {
  let clock!: FakeClock;
  let harness!: SessionStoreHarness;
  beforeEach(async () => {
    clock = new FakeClock();
    harness = await make(clock);
  });
  afterEach(async () => {
    await harness.store.close();
    await harness.cleanup?.();
  });
  const f = {
    get store(): StorePorts {
      return harness.store;
    },
    get clock(): FakeClock {
      return clock;
    },
    get deviceId(): string {
      return harness.deviceId;
    },
    project,
    usage: (promptTokens: number, completionTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({
      promptTokens, completionTokens, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "end_turn", ...extra,
    }),
    call: (id: string, name = "Read"): ToolCall => ({ id, name, arguments: `{"path":"${id}.ts"}` }),
    newSession: (agentName = "main") => harness.store.sessions.createSession({ agentName, project }),
    user: (sessionId: string, content: string) => harness.store.messages.insertMessage(sessionId, { role: "user", content, complete: true }),
    assistant: (sessionId: string, content: string | null, extra: Partial<NewMessage> = {}) =>
      harness.store.messages.insertMessage(sessionId, { role: "assistant", content, complete: true, ...extra }),
    tool: (sessionId: string, toolCallId: string, content = `result of ${toolCallId}`) =>
      harness.store.messages.insertMessage(sessionId, { role: "tool", content, toolCallId, complete: true }),
    contents: (messages: readonly StoredMessage[]) => messages.map((m) => m.content),
    /** A session of `n` alternating user/assistant rows with contents "m0".."m<n-1>". */
    conversation: async (n: number, sessionId?: string): Promise<{ sessionId: string; ids: string[] }> => {
      const id = sessionId ?? (await f.newSession());
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(i % 2 === 0 ? await f.user(id, `m${i}`) : await f.assistant(id, `m${i}`));
      return { sessionId: id, ids };
    },
  };
  return f;
}
