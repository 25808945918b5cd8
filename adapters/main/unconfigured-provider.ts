import { DEFAULT_CAPABILITIES } from "../../core/domain/model-catalog.ts";
import { ProviderError, type LlmProvider, type ModelCapabilities, type StreamChunk } from "../../core/ports/llm-provider.ts";

/**
 * Stands in for a provider that cannot be used yet (no key, not installed), so that sessions
 * still open, list and resume — the dashboard must work before a provider is configured. The
 * first request fails with the line that says how to configure it; `/provider` replaces it.
 */
export class UnconfiguredProvider implements LlmProvider {
  readonly name: string;
  readonly #problem: ProviderError;

  /** `problem`: the provider's own error (its kind kept: "server unreachable", not "no API key"), else a missing key's line. */
  constructor(name: string, problem: Error) {
    this.name = name;
    this.#problem = problem instanceof ProviderError ? problem : new ProviderError("auth", problem.message);
  }

  // An async generator so the failure arrives where every provider's failures do: on iteration.
  async *stream(): AsyncIterable<StreamChunk> {
    const { kind, message, status } = this.#problem;
    throw new ProviderError(kind, message, status === undefined ? {} : { status });
  }

  async capabilities(): Promise<ModelCapabilities> {
    return DEFAULT_CAPABILITIES;
  }
}
