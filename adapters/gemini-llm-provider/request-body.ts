import type { GenerateContentConfig, GenerateContentParameters } from "@google/genai";
import type { ChatRequest } from "../../core/ports/llm-provider.ts";
import { toGeminiContents, toGeminiSystem, toGeminiTools } from "./message-conversion.ts";

/** Room left for the answer when thinking tokens count against maxOutputTokens. */
const ANSWER_TOKENS_WITH_THINKING = 4096;

/**
 * The SDK call's parameters. The SDK's own retries and automatic continuation stay off (the
 * engine retries, with visible warnings), and so does automatic function calling: Ursa runs tools.
 */
export function buildGenerateParams(request: ChatRequest, abortSignal: AbortSignal): GenerateContentParameters {
  const system = toGeminiSystem(request.system);
  const tools = toGeminiTools(request.tools);
  const budget = request.thinkingBudget ?? 0;
  const config: GenerateContentConfig = {
    abortSignal,
    automaticFunctionCalling: { disable: true },
    automaticContinuation: false,
    maxOutputTokens: request.maxTokens,
    ...(system === undefined ? {} : { systemInstruction: system }),
    ...(tools.length === 0 ? {} : { tools }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
  return {
    model: request.model,
    contents: toGeminiContents(request.messages),
    // Without a budget the model keeps its default (2.5 Pro cannot stop thinking; a budget of 0
    // would be rejected there), but no thoughts are asked for.
    config: budget > 0
      ? {
        ...config,
        // Thinking tokens count against maxOutputTokens.
        maxOutputTokens: Math.max(request.maxTokens, budget + ANSWER_TOKENS_WITH_THINKING),
        thinkingConfig: { thinkingBudget: budget, includeThoughts: true },
      }
      : config,
  };
}
