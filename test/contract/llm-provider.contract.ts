import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError, type ChatRequest, type LlmProvider, type StreamChunk } from "../../core/ports/llm-provider.ts";

/** Token counts a scenario's reply reports, in Ursa's terms; each wire encodes them its own way. */
export interface ScenarioUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheCreationTokens: number;
}

export interface ScenarioToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/**
 * What the fake server should do with the next request, independent of any wire format. Each
 * adapter's test renders these into its own server's script; text and tool arguments are expected
 * to arrive in several pieces, as real servers send them.
 */
export type ContractScenario =
  | { readonly kind: "text"; readonly text: string; readonly usage?: ScenarioUsage }
  | { readonly kind: "thinking_then_text"; readonly thinking: string; readonly signature: string; readonly text: string }
  | { readonly kind: "tool_calls"; readonly calls: readonly ScenarioToolCall[] }
  | { readonly kind: "rate_limited"; readonly retryAfterSeconds: number }
  /** Some text, then the server reports in the stream that it is overloaded. */
  | { readonly kind: "overloaded_mid_stream"; readonly textBefore: string }
  /** Some text, then the connection is cut. */
  | { readonly kind: "dropped_connection"; readonly textBefore: string }
  /** Some text, then silence with the connection held open. */
  | { readonly kind: "stall"; readonly textBefore: string }
  /** A short text reply that only starts after ten seconds. */
  | { readonly kind: "slow_start"; readonly text: string };

export interface LlmProviderContractHarness {
  readonly provider: LlmProvider;
  readonly model: string;
  /** Whether the wire carries thinking signatures (Anthropic does; most others do not). */
  readonly signsThinking: boolean;
  /** Whether the wire reports tokens written to a prompt cache (Anthropic does; OpenAI and Gemini do not). */
  readonly reportsCacheWrites: boolean;
  script(scenario: ContractScenario): void;
  /** Resolves once the server saw the client abandon the latest request. */
  latestRequestClosed(): Promise<void>;
  /** How many requests the server has received. */
  requestCount(): number;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 5_000;

/** The behaviour every LlmProvider adapter must show against its wire's fake server. */
export function describeLlmProviderContract(name: string, setup: () => Promise<LlmProviderContractHarness>): void {
  describe(`LlmProvider contract: ${name}`, () => {
    let harness: LlmProviderContractHarness;
    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await harness.close();
    });

    const request = (): ChatRequest => ({
      model: harness.model,
      system: "You are a contract test.",
      messages: [{ role: "user", content: "Say hello." }],
      tools: [{ name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } } } }],
      maxTokens: 1024,
    });

    it("streams a text reply in pieces and ends with one done", async () => {
      harness.script({ kind: "text", text: "Hello from the contract suite!" });
      const { chunks, error } = await collect(harness.provider, request());
      expect(error).toBeUndefined();
      expect(textOf(chunks, "text_delta")).toBe("Hello from the contract suite!");
      expect(chunks.filter((c) => c.type === "text_delta").length).toBeGreaterThan(1);
      expect(chunks.filter((c) => c.type === "done")).toHaveLength(1);
      const last = chunks.at(-1);
      expect(last?.type === "done" && last.usage.stopReason).toBe("end_turn");
    });

    it("streams thinking before the answer", async () => {
      harness.script({ kind: "thinking_then_text", thinking: "The user wants a greeting.", signature: "sig-123", text: "Hello!" });
      const { chunks, error } = await collect(harness.provider, request());
      expect(error).toBeUndefined();
      expect(textOf(chunks, "thinking_delta")).toBe("The user wants a greeting.");
      expect(textOf(chunks, "text_delta")).toBe("Hello!");
      const lastThinking = chunks.findLastIndex((c) => c.type === "thinking_delta");
      expect(lastThinking).toBeLessThan(chunks.findIndex((c) => c.type === "text_delta"));
      const signatures = chunks.filter((c) => c.type === "thinking_signature").map((c) => c.signature);
      expect(signatures).toEqual(harness.signsThinking ? ["sig-123"] : []);
    });

    it("reports parallel tool calls with their streamed arguments, in order", async () => {
      const calls = [
        { id: "call_1", name: "read_file", arguments: { path: "src/a.ts" } },
        { id: "call_2", name: "read_file", arguments: { path: "src/b.ts", lines: [1, 20], note: "ünïcödé ✓" } },
      ];
      harness.script({ kind: "tool_calls", calls });
      const { chunks, error } = await collect(harness.provider, request());
      expect(error).toBeUndefined();
      const ready = chunks.flatMap((c) => (c.type === "tool_call_ready" ? [c.call] : []));
      expect(ready.map(({ id, name }) => ({ id, name }))).toEqual(calls.map(({ id, name }) => ({ id, name })));
      expect(ready.map((call) => JSON.parse(call.arguments) as unknown)).toEqual(calls.map((call) => call.arguments));
      const last = chunks.at(-1);
      expect(last?.type === "done" && last.usage.stopReason).toBe("tool_use");
    });

    it("reports usage including cache tokens", async () => {
      const usage = { promptTokens: 1200, completionTokens: 345, cacheReadTokens: 1000, cacheCreationTokens: 150 };
      harness.script({ kind: "text", text: "cached", usage });
      const { chunks } = await collect(harness.provider, request());
      const done = chunks.at(-1);
      expect(done?.type).toBe("done");
      expect(done?.type === "done" && done.usage).toMatchObject(harness.reportsCacheWrites ? usage : { ...usage, cacheCreationTokens: 0 });
    });

    it("classifies a 429 as rate_limited with the server's retry delay", async () => {
      harness.script({ kind: "rate_limited", retryAfterSeconds: 7 });
      const { chunks, error } = await collect(harness.provider, request());
      expect(chunks).toEqual([]);
      expect(error).toBeInstanceOf(ProviderError);
      const providerError = error as ProviderError;
      expect(providerError.kind).toBe("rate_limited");
      expect(providerError.status).toBe(429);
      expect(providerError.retryAfterMs).toBe(7000);
      expect(providerError.retryable).toBe(true);
    });

    it("fails with overloaded when the server reports it mid-stream, after the text so far", async () => {
      harness.script({ kind: "overloaded_mid_stream", textBefore: "Partial answer" });
      const { chunks, error } = await collect(harness.provider, request());
      expect(textOf(chunks, "text_delta")).toBe("Partial answer");
      expect(chunks.some((c) => c.type === "done")).toBe(false);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind).toBe("overloaded");
    });

    it("fails with network when the connection drops mid-stream", async () => {
      harness.script({ kind: "dropped_connection", textBefore: "Half a sent" });
      const { chunks, error } = await collect(harness.provider, request());
      expect(textOf(chunks, "text_delta")).toBe("Half a sent");
      expect(chunks.some((c) => c.type === "done")).toBe(false);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind).toBe("network");
    });

    it("stops promptly with an AbortError and closes the connection when cancelled mid-stream", async () => {
      harness.script({ kind: "stall", textBefore: "Thinking about it" });
      const controller = new AbortController();
      const started = Date.now();
      const { chunks, error } = await collect(harness.provider, request(), controller, (chunk) => {
        if (chunk.type === "text_delta") controller.abort();
      });
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS);
      expect(chunks.filter((c) => c.type === "text_delta").length).toBeGreaterThan(0);
      expect(error).not.toBeInstanceOf(ProviderError);
      expect((error as Error | undefined)?.name).toBe("AbortError");
      await expect(withTimeout(harness.latestRequestClosed(), REQUEST_TIMEOUT_MS)).resolves.toBe("done");
    });

    it("cancels before the response starts, and the server sees the connection close", async () => {
      harness.script({ kind: "slow_start", text: "late" });
      const controller = new AbortController();
      const pending = collect(harness.provider, request(), controller);
      while (harness.requestCount() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      const { chunks, error } = await pending;
      expect(chunks).toEqual([]);
      expect((error as Error | undefined)?.name).toBe("AbortError");
      await expect(withTimeout(harness.latestRequestClosed(), REQUEST_TIMEOUT_MS)).resolves.toBe("done");
    });

    it("closes the HTTP stream when the consumer stops early", async () => {
      harness.script({ kind: "stall", textBefore: "first" });
      for await (const chunk of harness.provider.stream(request(), new AbortController().signal)) {
        if (chunk.type === "text_delta") break;
      }
      await expect(withTimeout(harness.latestRequestClosed(), REQUEST_TIMEOUT_MS)).resolves.toBe("done");
    });

    it("throws an AbortError without yielding when the signal is already aborted", async () => {
      const controller = new AbortController();
      controller.abort();
      const { chunks, error } = await collect(harness.provider, request(), controller);
      expect(chunks).toEqual([]);
      expect((error as Error | undefined)?.name).toBe("AbortError");
    });

    it("answers capabilities for its model without throwing", async () => {
      const capabilities = await harness.provider.capabilities(harness.model, new AbortController().signal);
      expect(capabilities.contextWindow).toBeGreaterThan(0);
      expect(capabilities.maxOutputTokens).toBeGreaterThan(0);
      const unknown = await harness.provider.capabilities("no-such-model-xyz", new AbortController().signal);
      expect(unknown.contextWindow).toBeGreaterThan(0);
    });
  });
}

async function collect(
  provider: LlmProvider,
  request: ChatRequest,
  controller = new AbortController(),
  onChunk: (chunk: StreamChunk) => void = () => {},
): Promise<{ chunks: StreamChunk[]; error: unknown }> {
  const chunks: StreamChunk[] = [];
  try {
    for await (const chunk of provider.stream(request, controller.signal)) {
      chunks.push(chunk);
      onChunk(chunk);
    }
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

function textOf(chunks: readonly StreamChunk[], type: "text_delta" | "thinking_delta"): string {
  return chunks.map((c) => (c.type === type ? c.text : "")).join("");
}

function withTimeout(promise: Promise<void>, ms: number): Promise<"done" | "timed out"> {
  return Promise.race([
    promise.then(() => "done" as const),
    new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), ms).unref()),
  ]);
}
