/** USD per million tokens. */
export interface ModelPricing {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

export interface CatalogModel {
  /** Model ids this entry covers: exact ids, or prefixes ending in "*" (dated variants). */
  readonly ids: readonly string[];
  readonly provider: string;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly pricing: ModelPricing | null;
}

/** When nothing is known about a model: small enough to be safe with almost any server. */
export const DEFAULT_CAPABILITIES = { contextWindow: 128_000, maxOutputTokens: 8_192 } as const;

const p = (input: number, output: number, cacheRead: number, cacheWrite = input): ModelPricing => ({ input, output, cacheRead, cacheWrite });

/**
 * Published list prices and limits of common models (USD, per million tokens). Prices change:
 * this table is the fallback when a provider does not report them, and unknown models simply
 * have no cost. Local models (Ollama, LM Studio…) cost nothing.
 */
export const MODEL_CATALOG: readonly CatalogModel[] = [
  { ids: ["claude-opus-4-5*", "claude-opus-4-6*", "claude-opus-4-7*"], provider: "anthropic", contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(5, 25, 0.5, 6.25) },
  { ids: ["claude-opus-4*"], provider: "anthropic", contextWindow: 200_000, maxOutputTokens: 32_000, pricing: p(15, 75, 1.5, 18.75) },
  { ids: ["claude-sonnet-4*"], provider: "anthropic", contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(3, 15, 0.3, 3.75) },
  { ids: ["claude-haiku-4*"], provider: "anthropic", contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(1, 5, 0.1, 1.25) },
  { ids: ["gpt-5-mini*"], provider: "openai", contextWindow: 400_000, maxOutputTokens: 128_000, pricing: p(0.25, 2, 0.025) },
  { ids: ["gpt-5-nano*"], provider: "openai", contextWindow: 400_000, maxOutputTokens: 128_000, pricing: p(0.05, 0.4, 0.005) },
  { ids: ["gpt-5*"], provider: "openai", contextWindow: 400_000, maxOutputTokens: 128_000, pricing: p(1.25, 10, 0.125) },
  { ids: ["gpt-4.1-mini*"], provider: "openai", contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: p(0.4, 1.6, 0.1) },
  { ids: ["gpt-4.1*"], provider: "openai", contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: p(2, 8, 0.5) },
  { ids: ["gpt-4o-mini*"], provider: "openai", contextWindow: 128_000, maxOutputTokens: 16_384, pricing: p(0.15, 0.6, 0.075) },
  { ids: ["gpt-4o*"], provider: "openai", contextWindow: 128_000, maxOutputTokens: 16_384, pricing: p(2.5, 10, 1.25) },
  { ids: ["o3-mini*", "o4-mini*"], provider: "openai", contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(1.1, 4.4, 0.275) },
  { ids: ["o3*"], provider: "openai", contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(2, 8, 0.5) },
  { ids: ["gemini-2.5-pro*", "gemini-pro-latest"], provider: "gemini", contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(1.25, 10, 0.31) },
  { ids: ["gemini-2.5-flash-lite*", "gemini-flash-lite-latest"], provider: "gemini", contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(0.1, 0.4, 0.025) },
  { ids: ["gemini-2.5-flash*", "gemini-flash-latest"], provider: "gemini", contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(0.3, 2.5, 0.075) },
  { ids: ["deepseek-chat", "deepseek-reasoner"], provider: "deepseek", contextWindow: 128_000, maxOutputTokens: 8_192, pricing: p(0.27, 1.1, 0.07) },
  { ids: ["grok-4*"], provider: "xai", contextWindow: 256_000, maxOutputTokens: 32_768, pricing: p(3, 15, 0.75) },
  { ids: ["mistral-large*"], provider: "mistral", contextWindow: 128_000, maxOutputTokens: 8_192, pricing: p(2, 6, 2) },
  { ids: ["llama-3.3-70b*"], provider: "groq", contextWindow: 131_072, maxOutputTokens: 32_768, pricing: p(0.59, 0.79, 0.59) },
];

/** The catalog entry for a model id; provider prefixes like "anthropic/" (OpenRouter) are ignored. */
export function lookupModel(model: string): CatalogModel | undefined {
  const id = model.includes("/") ? model.slice(model.lastIndexOf("/") + 1) : model;
  return MODEL_CATALOG.find((entry) => entry.ids.some((pattern) => (pattern.endsWith("*") ? id.startsWith(pattern.slice(0, -1)) : id === pattern)));
}
