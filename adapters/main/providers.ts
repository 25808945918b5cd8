import { DEFAULT_CAPABILITIES, lookupModel } from "../../core/domain/model-catalog.ts";
import type { LlmProvider } from "../../core/ports/llm-provider.ts";
import type { ProviderChoice, ProviderRegistry } from "../../core/ports/provider-registry.ts";
import { createAnthropicProvider, DEFAULT_ANTHROPIC_MODEL } from "../anthropic-llm-provider/mod.ts";
import { createGeminiProvider, DEFAULT_GEMINI_MODEL } from "../gemini-llm-provider/mod.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface ProviderSpec {
  readonly defaultModel: string;
  /** The environment variable holding the key; null for local servers that need none. */
  readonly keyVariable: string | null;
  /** Local servers cost nothing. */
  readonly local?: boolean;
  create(credentials: { apiKey: string | undefined; baseUrl: string | undefined }): LlmProvider;
}

/** The providers Ursa can talk to, by the name users type. Creating one loads no SDK yet. */
export const PROVIDERS: Record<string, ProviderSpec> = {
  anthropic: {
    defaultModel: DEFAULT_ANTHROPIC_MODEL,
    keyVariable: "ANTHROPIC_API_KEY",
    create: ({ apiKey, baseUrl }) => createAnthropicProvider({ ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) }),
  },
  gemini: {
    defaultModel: DEFAULT_GEMINI_MODEL,
    keyVariable: "GEMINI_API_KEY",
    create: ({ apiKey, baseUrl }) => createGeminiProvider({ ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) }),
  },
};

const BASE_URL_VARIABLES: Record<string, string> = { anthropic: "ANTHROPIC_BASE_URL", gemini: "GEMINI_BASE_URL" };

/**
 * The composition root's ProviderRegistry: providers by name, credentials from the
 * environment or the keys file, capabilities from the server or the catalog, prices from the
 * catalog. One provider object per name is kept, so switching back and forth is free.
 */
export class ConfiguredProviders implements ProviderRegistry {
  readonly #env: Env;
  readonly #maxTokens: number;
  readonly #baseUrl: { readonly provider: string; readonly url: string } | undefined;
  readonly #made = new Map<string, LlmProvider>();

  /** `baseUrl` (from --base-url) applies to the provider chosen on the command line. */
  constructor(options: { env: Env; keys: Readonly<Record<string, string>>; maxTokens: number; baseUrl?: { provider: string; url: string } | undefined }) {
    this.#env = { ...options.keys, ...options.env };
    this.#maxTokens = options.maxTokens;
    this.#baseUrl = options.baseUrl;
  }

  names(): readonly string[] {
    return Object.keys(PROVIDERS);
  }

  /** One line saying how to configure `name`, or null when it is ready to use. */
  missingKey(name: string): string | null {
    const spec = PROVIDERS[name];
    if (!spec) return `Unknown provider "${name}"; available: ${this.names().join(", ")}.`;
    if (spec.keyVariable === null || this.#env[spec.keyVariable]) return null;
    return `No API key for ${name}: set ${spec.keyVariable} (export ${spec.keyVariable}=...) or add it to keys.json in Ursa's data directory, and run again.`;
  }

  async resolve(name: string, model: string | undefined, signal: AbortSignal): Promise<ProviderChoice> {
    const problem = this.missingKey(name);
    if (problem) throw new Error(problem);
    const spec = PROVIDERS[name]!;
    const provider = this.#provider(name, spec);
    const id = model ?? spec.defaultModel;
    const capabilities = await provider.capabilities(id, signal).catch(() => DEFAULT_CAPABILITIES);
    return {
      provider,
      settings: {
        model: id,
        maxTokens: Math.min(this.#maxTokens, capabilities.maxOutputTokens),
        contextWindow: capabilities.contextWindow,
        pricing: spec.local ? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } : (lookupModel(id)?.pricing ?? null),
      },
    };
  }

  #provider(name: string, spec: ProviderSpec): LlmProvider {
    let provider = this.#made.get(name);
    if (!provider) {
      const variable = BASE_URL_VARIABLES[name];
      provider = spec.create({
        apiKey: spec.keyVariable ? this.#env[spec.keyVariable] : undefined,
        baseUrl: this.#baseUrl?.provider === name ? this.#baseUrl.url : variable ? this.#env[variable] : undefined,
      });
      this.#made.set(name, provider);
    }
    return provider;
  }
}
