import type { ModelSettings } from "../domain/model-settings.ts";
import type { LlmProvider } from "./llm-provider.ts";
import { token, type Token } from "./token.ts";

/** A provider ready to use, with the settings for the chosen model. */
export interface ProviderChoice {
  readonly provider: LlmProvider;
  readonly settings: ModelSettings;
}

/**
 * Models to offer for a provider: the server's list (`listed`: only these exist), or known
 * names to suggest. Not listed, `families` makes the names checkable: a model is then one of
 * `models` or a dated or newer member of a family ("claude-sonnet-4" has "claude-sonnet-4-6").
 * Without them (a list that could not be had) a name cannot be checked.
 */
export interface ModelChoices {
  readonly models: readonly string[];
  readonly listed: boolean;
  readonly families?: readonly string[];
}

/** The providers this Ursa can talk to, by the name users type ("anthropic", "openai", "ollama"…). */
export interface ProviderRegistry {
  names(): readonly string[];
  /**
   * The provider `name` with `model` (its default model when omitted), its context window
   * asked of the server where it reports one. Throws an Error whose message says how to fix
   * it when the provider is unknown or has no credentials.
   */
  resolve(name: string, model: string | undefined, signal: AbortSignal): Promise<ProviderChoice>;
  /** Models to offer for `name` (for `/model` completion and checking); absent: nothing known. */
  models?(name: string, signal: AbortSignal): Promise<ModelChoices>;
}

export const PROVIDER_REGISTRY: Token<ProviderRegistry> = token("provider-registry");
