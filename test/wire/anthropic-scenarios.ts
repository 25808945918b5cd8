import type { ContractScenario } from "../contract/llm-provider.contract.ts";
import type { AnthropicWireResponse } from "./anthropic-wire-server.ts";

/** Renders a wire-neutral contract scenario as the Anthropic wire server's reply. */
export function anthropicReplyFor(scenario: ContractScenario): AnthropicWireResponse {
  switch (scenario.kind) {
    case "text": {
      const usage = scenario.usage;
      return {
        type: "message",
        blocks: [{ type: "text", text: scenario.text }],
        ...(usage === undefined ? {} : {
          usage: {
            input_tokens: usage.promptTokens,
            output_tokens: usage.completionTokens,
            cache_read_input_tokens: usage.cacheReadTokens,
            cache_creation_input_tokens: usage.cacheCreationTokens,
          },
        }),
      };
    }
    case "thinking_then_text":
      return {
        type: "message",
        blocks: [{ type: "thinking", thinking: scenario.thinking, signature: scenario.signature }, { type: "text", text: scenario.text }],
      };
    case "tool_calls":
      return { type: "message", blocks: scenario.calls.map((call) => ({ type: "tool_use", id: call.id, name: call.name, input: call.arguments })) };
    case "rate_limited":
      return {
        type: "http_error", status: 429, errorType: "rate_limit_error",
        message: "Number of request tokens has exceeded your per-minute rate limit",
        headers: { "retry-after": String(scenario.retryAfterSeconds) },
      };
    case "overloaded_mid_stream":
      return {
        type: "message",
        blocks: [{ type: "text", text: scenario.textBefore }],
        interruption: { kind: "error_event", afterBlocks: 1, errorType: "overloaded_error", message: "Overloaded" },
      };
    case "dropped_connection":
      return { type: "message", blocks: [{ type: "text", text: scenario.textBefore }], interruption: { kind: "drop", afterBlocks: 1 } };
    case "slow_start":
      return { type: "message", blocks: [{ type: "text", text: scenario.text }], delayMs: 10_000 };
    case "stall":
      return { type: "message", blocks: [{ type: "text", text: scenario.textBefore }], interruption: { kind: "stall", afterBlocks: 1 } };
  }
}
