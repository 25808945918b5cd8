import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import { toAnthropicMessages, toAnthropicSystem, toAnthropicTools, withCacheBreakpoints } from "./message-conversion.ts";

/** The API refuses thinking budgets below this. */
export const MIN_THINKING_BUDGET = 1024;
/** Room left for the visible answer on top of the thinking budget. */
export const ANSWER_TOKENS_WITH_THINKING = 4096;

/**
 * The streaming Messages API body for one request. `temperature` is never sent: API version
 * 2026-10-21, which SDK 1.11 speaks, has no sampling parameters (the SDK's request type lists none).
 */
export function buildRequestBody(request: ChatRequest): MessageCreateParamsStreaming {
  const system = toAnthropicSystem(request.system);
  const budget = request.thinkingBudget ?? 0;
  const body: MessageCreateParamsStreaming = {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: withCacheBreakpoints(toAnthropicMessages(request.messages)),
    stream: true,
    ...(system === undefined ? {} : { system }),
    ...(request.tools.length === 0 ? {} : { tools: toAnthropicTools(request.tools) }),
  };
  if (budget > 0) {
    const budgetTokens = Math.max(budget, MIN_THINKING_BUDGET);
    // Thinking tokens count against max_tokens.
    return {
      ...body,
      max_tokens: Math.max(request.maxTokens, budgetTokens + ANSWER_TOKENS_WITH_THINKING),
      thinking: { type: "enabled", budget_tokens: budgetTokens },
    };
  }
  return body;
}
