import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import type { WireDialect } from "./openai-compatible-providers.ts";
import { toOpenAiMessages, toOpenAiTools } from "./message-conversion.ts";

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…) answer 400 to any temperature but the
 * default, which would fail compaction's summary request; their "-chat" variants take one.
 */
const FIXED_TEMPERATURE = /^(o\d|gpt-5)(?!.*-chat)/;

/**
 * The streaming Chat Completions body for one request. A thinking budget becomes OpenAI's
 * `reasoning_effort` for its reasoning models (the only portable knob, and only theirs: other
 * servers may reject the field); elsewhere the model thinks as its server decides.
 */
/** Budgets in the ranges people use for Claude map to OpenAI's three levels. */
export function effortFor(budget: number): "low" | "medium" | "high" {
  return budget <= 4_096 ? "low" : budget <= 16_384 ? "medium" : "high";
}

export function buildRequestBody(request: ChatRequest, dialect: WireDialect): ChatCompletionCreateParamsStreaming {
  const modelId = request.model.slice(request.model.lastIndexOf("/") + 1);
  const temperature = FIXED_TEMPERATURE.test(modelId) ? undefined : request.temperature;
  return {
    model: request.model,
    messages: toOpenAiMessages(request.system, request.messages, dialect.toolCallIds),
    stream: true,
    ...(dialect.streamOptions ? { stream_options: { include_usage: true } } : {}),
    [dialect.maxTokensField]: request.maxTokens,
    ...(temperature === undefined ? {} : { temperature }),
    ...(request.thinkingBudget && FIXED_TEMPERATURE.test(modelId) ? { reasoning_effort: effortFor(request.thinkingBudget) } : {}),
    ...(request.tools.length === 0 ? {} : { tools: toOpenAiTools(request.tools) }),
  };
}
