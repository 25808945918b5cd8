import type { ContractScenario } from "../contract/llm-provider.contract.ts";
import type { OpenAiWireResponse } from "./openai-wire-server.ts";

/**
 * Renders a wire-neutral contract scenario as the OpenAI wire server's reply. Chat Completions
 * counts cached and cache-written tokens inside `prompt_tokens`, so they are added back here.
 * The wire has no thinking signatures, so the scenario's signature is not sent.
 */
export function openAiReplyFor(scenario: ContractScenario): OpenAiWireResponse {
  switch (scenario.kind) {
    case "text": {
      const usage = scenario.usage;
      return {
        type: "completion",
        text: scenario.text,
        ...(usage === undefined ? {} : {
          usage: {
            prompt_tokens: usage.promptTokens + usage.cacheReadTokens + usage.cacheCreationTokens,
            completion_tokens: usage.completionTokens,
            cached_tokens: usage.cacheReadTokens,
            cache_write_tokens: usage.cacheCreationTokens,
          },
        }),
      };
    }
    case "thinking_then_text":
      return { type: "completion", reasoning: scenario.thinking, text: scenario.text };
    case "tool_calls":
      return { type: "completion", toolCalls: scenario.calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })) };
    case "rate_limited":
      return {
        type: "http_error", status: 429, errorType: "requests", code: "rate_limit_exceeded",
        message: "Rate limit reached for gpt-5 on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200.",
        headers: { "retry-after": String(scenario.retryAfterSeconds) },
      };
    case "overloaded_mid_stream":
      // OpenRouter's shape: the upstream's HTTP status as a numeric code inside the error chunk.
      return {
        type: "completion",
        text: scenario.textBefore,
        interruption: { kind: "error_chunk", afterParts: 1, error: { code: 503, message: "The model is overloaded. Please try again later." } },
      };
    case "dropped_connection":
      return { type: "completion", text: scenario.textBefore, interruption: { kind: "drop", afterParts: 1 } };
    case "slow_start":
      return { type: "completion", text: scenario.text, delayMs: 10_000 };
    case "stall":
      return { type: "completion", text: scenario.textBefore, interruption: { kind: "stall", afterParts: 1 } };
  }
}
