import { describe, expect, it } from "vitest";
import { ProviderError, type ChatRequest, type LlmProvider, type StreamChunk } from "../ports/llm-provider.ts";
import { DEFAULT_RETRY_POLICY, streamWithRetry } from "./provider-retry.ts";

/** A provider that fails with the given errors in turn, then streams one text chunk. */
function failing(...errors: ProviderError[]) {
  let calls = 0;
  const provider: LlmProvider = {
    name: "test",
    async *stream(): AsyncIterable<StreamChunk> {
      const error = errors[calls++];
      if (error) throw error;
      yield { type: "text_delta", text: "ok" } as StreamChunk;
    },
    capabilities: async () => { throw new Error("unused"); },
  };
  return { provider, calls: () => calls };
}

const request = { model: "m", messages: [], tools: [], maxTokens: 1, system: "" } as unknown as ChatRequest;
const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 2 };

async function run(provider: LlmProvider, policy = fast) {
  const delays: number[] = [];
  const chunks: StreamChunk[] = [];
  try {
    for await (const chunk of streamWithRetry(provider, request, new AbortController().signal, { policy, onRetry: (_e, ms) => delays.push(ms) })) chunks.push(chunk);
    return { chunks, delays, error: null };
  } catch (error) {
    return { chunks, delays, error: error as ProviderError };
  }
}

describe("streamWithRetry", () => {
  it("waits exactly the retry-after a server asks for, up to the cap, even beyond the backoff's ceiling", async () => {
    const { provider } = failing(new ProviderError("rate_limited", "slow down", { retryAfterMs: 5 }));
    const result = await run(provider, { ...fast, maxRetryAfterMs: 10 });
    expect(result.delays).toEqual([5]);
    expect(result.chunks).toHaveLength(1);
  });

  it("does not retry a retry-after beyond the cap, and says how long the server asked for", async () => {
    const { provider, calls } = failing(new ProviderError("rate_limited", "Rate limited.", { retryAfterMs: 600_000 }));
    const result = await run(provider);
    expect(calls()).toBe(1);
    expect(result.error?.message).toBe("Rate limited. The server asked to retry after 600 s, longer than Ursa waits (120 s): try again later.");
    expect(result.error?.kind).toBe("rate_limited");
  });

  it("retries a server that accepted the request and sent nothing once only", async () => {
    const silent = () => new ProviderError("network", "sent nothing", { silent: true });
    const { provider, calls } = failing(silent(), silent(), silent());
    const result = await run(provider);
    expect(calls()).toBe(2);
    expect(result.error?.silent).toBe(true);
  });
});
