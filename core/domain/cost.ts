import type { ModelPricing } from "./model-catalog.ts";
import type { SessionUsage, TokenUsage } from "./usage.ts";

/**
 * Dollars for the given usage. Providers report prompt tokens without the cached ones
 * (Anthropic) or including them (OpenAI, Gemini); adapters normalise to the former, so
 * `promptTokens` here is uncached input only.
 */
export function costOf(usage: TokenUsage | SessionUsage, pricing: ModelPricing): number {
  const perToken = (n: number, price: number) => (n * price) / 1_000_000;
  return (
    perToken(usage.promptTokens, pricing.input) +
    perToken(usage.completionTokens, pricing.output) +
    perToken(usage.cacheReadTokens, pricing.cacheRead) +
    perToken(usage.cacheCreationTokens, pricing.cacheWrite)
  );
}

