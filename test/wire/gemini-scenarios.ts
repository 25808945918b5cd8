import type { ContractScenario } from "../contract/llm-provider.contract.ts";
import type { GeminiWireResponse } from "./gemini-wire-server.ts";

/** Renders a wire-neutral contract scenario as the Gemini wire server's reply. */
export function geminiReplyFor(scenario: ContractScenario): GeminiWireResponse {
  switch (scenario.kind) {
    case "text": {
      const usage = scenario.usage;
      return {
        type: "message",
        parts: [{ type: "text", text: scenario.text }],
        // Gemini counts cached tokens inside promptTokenCount and has no cache-write count at all.
        ...(usage === undefined ? {} : {
          usage: {
            promptTokenCount: usage.promptTokens + usage.cacheReadTokens,
            candidatesTokenCount: usage.completionTokens,
            cachedContentTokenCount: usage.cacheReadTokens,
          },
        }),
      };
    }
    case "thinking_then_text":
      // Gemini signs the first part after its thoughts.
      return {
        type: "message",
        parts: [{ type: "thought", text: scenario.thinking }, { type: "text", text: scenario.text, signature: scenario.signature }],
      };
    case "tool_calls":
      return {
        type: "message",
        parts: scenario.calls.map((call) => ({ type: "function_call", id: call.id, name: call.name, args: call.arguments })),
      };
    case "rate_limited":
      return {
        type: "http_error", status: 429, errorStatus: "RESOURCE_EXHAUSTED",
        message: "You exceeded your current quota, please check your plan and billing details.",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${scenario.retryAfterSeconds}s` }],
      };
    case "overloaded_mid_stream":
      return {
        type: "message",
        parts: [{ type: "text", text: scenario.textBefore }],
        interruption: { kind: "error_event", afterParts: 1, code: 503, status: "UNAVAILABLE", message: "The model is overloaded. Please try again later." },
      };
    case "dropped_connection":
      return { type: "message", parts: [{ type: "text", text: scenario.textBefore }], interruption: { kind: "drop", afterParts: 1 } };
    case "slow_start":
      return { type: "message", parts: [{ type: "text", text: scenario.text }], delayMs: 10_000 };
    case "stall":
      return { type: "message", parts: [{ type: "text", text: scenario.textBefore }], interruption: { kind: "stall", afterParts: 1 } };
  }
}
