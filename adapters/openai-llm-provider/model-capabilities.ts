import type { ModelCapabilities } from "../../core/ports/llm-provider.ts";
import { DEFAULT_CAPABILITIES, lookupModel } from "../../core/domain/model-catalog.ts";
import type { ServerLimits } from "./server-context.ts";

/**
 * The server's word first, then the shared catalog, then a default safe almost anywhere. The
 * output limit never exceeds half the window: a local model loaded with 4 096 tokens of context
 * must still leave room for the prompt.
 */
export function capabilitiesOf(model: string, server: ServerLimits): ModelCapabilities {
  const catalog = lookupModel(model);
  const contextWindow = server.contextWindow ?? catalog?.contextWindow ?? DEFAULT_CAPABILITIES.contextWindow;
  const maxOutputTokens = server.maxOutputTokens ?? catalog?.maxOutputTokens ?? DEFAULT_CAPABILITIES.maxOutputTokens;
  return { contextWindow, maxOutputTokens: Math.min(maxOutputTokens, Math.floor(contextWindow / 2)) };
}
