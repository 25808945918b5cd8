/** Which model a session talks to and how. */
import type { ModelPricing } from "./model-catalog.ts";

export interface ModelSettings {
  readonly model: string;
  readonly maxTokens: number;
  readonly contextWindow: number;
  readonly temperature?: number;
  readonly thinkingBudget?: number;
  /** List prices for cost accounting; null when unknown (the cost leaves the call out), zero for local models. */
  readonly pricing?: ModelPricing | null;
}
