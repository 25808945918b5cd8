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

/** "$0.0042", "$1.23", "–" when unknown. */
export function formatCost(dollars: number | null): string {
  if (dollars === null) return "–";
  if (dollars === 0) return "$0";
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}
