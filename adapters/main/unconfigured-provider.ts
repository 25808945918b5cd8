import { DEFAULT_CAPABILITIES } from "../../core/domain/model-catalog.ts";
import { ProviderError, type LlmProvider, type ModelCapabilities, type StreamChunk } from "../../core/ports/llm-provider.ts";

/**
 * Stands in for a provider that cannot be used yet (no key, not installed), so that sessions
 * still open, list and resume — the dashboard must work before a provider is configured. The
 * first request fails with the line that says how to configure it; `/provider` replaces it.
 */
export class UnconfiguredProvider implements LlmProvider {
  readonly name: string;
  readonly #problem: string;

  constructor(name: string, problem: string) {
    this.name = name;
    this.#problem = problem;
  }

  // An async generator so the failure arrives where every provider's failures do: on iteration.
  async *stream(): AsyncIterable<StreamChunk> {
    throw new ProviderError("auth", this.#problem);
  }

  async capabilities(): Promise<ModelCapabilities> {
    return DEFAULT_CAPABILITIES;
  }
}
