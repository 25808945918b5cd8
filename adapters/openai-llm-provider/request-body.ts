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
 * The streaming Chat Completions body for one request. `thinkingBudget` has no portable
 * equivalent (reasoning models think as their server decides), so it is not sent.
 */
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
    ...(request.tools.length === 0 ? {} : { tools: toOpenAiTools(request.tools) }),
  };
}
