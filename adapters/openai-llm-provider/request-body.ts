import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import type { WireDialect } from "./openai-compatible-providers.ts";
import { toOpenAiMessages, toOpenAiTools } from "./message-conversion.ts";

/**
 * The streaming Chat Completions body for one request. `thinkingBudget` has no portable
 * equivalent (reasoning models think as their server decides), so it is not sent; neither is
 * temperature unless asked for, since OpenAI's reasoning models reject any but the default.
 */
export function buildRequestBody(request: ChatRequest, dialect: WireDialect): ChatCompletionCreateParamsStreaming {
  return {
    model: request.model,
    messages: toOpenAiMessages(request.system, request.messages, dialect.toolCallIds),
    stream: true,
    ...(dialect.streamOptions ? { stream_options: { include_usage: true } } : {}),
    [dialect.maxTokensField]: request.maxTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.tools.length === 0 ? {} : { tools: toOpenAiTools(request.tools) }),
  };
}
