import { join } from "node:path";
import { DEFAULT_CAPABILITIES, lookupModel, MODEL_CATALOG } from "../../core/domain/model-catalog.ts";
import { ProviderError, type LlmProvider } from "../../core/ports/llm-provider.ts";
import type { ModelChoices, ProviderChoice, ProviderRegistry } from "../../core/ports/provider-registry.ts";
// Only names, variables and default models load with the configuration (the dashboard's first
// frame needs them); each adapter's code loads when its provider is first used.
import { DEFAULT_ANTHROPIC_MODEL } from "../anthropic-llm-provider/model-catalog.ts";
import { DEFAULT_GEMINI_MODEL } from "../gemini-llm-provider/default-model.ts";
import { OPENAI_COMPATIBLE_PROVIDERS } from "../openai-llm-provider/openai-compatible-providers.ts";
import type { OpenAiLlmProvider } from "../openai-llm-provider/openai-llm-provider.ts";
import { readKeysFile } from "./keys-file.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface ProviderSpec {
  /** The provider's name as people write it ("Anthropic", "OpenAI"). */
  readonly label: string;
  /** Null for local servers: the first model the server lists is used. */
  readonly defaultModel: string | null;
  /** The environment variable holding the key; null for local servers that need none. */
  readonly keyVariable: string | null;
  /** Other variables the provider's own tools read the key from, tried in order when keyVariable is unset. */
  readonly otherKeyVariables?: readonly string[];
  /** Local servers cost nothing. */
  readonly local?: boolean;
  create(credentials: { apiKey: string | undefined; apiKeyEnv?: string | undefined; baseUrl: string | undefined; firstByteTimeoutMs?: number | undefined }): Promise<LlmProvider>;
  /** The models the server has (local servers), for choosing one when none is named. */
  listModels?(provider: LlmProvider, signal: AbortSignal): Promise<readonly string[]>;
}

/** The OpenAI-compatible services and local servers, all over the one Chat Completions adapter. */
const OPENAI_COMPATIBLE: Record<string, ProviderSpec> = Object.fromEntries(
  OPENAI_COMPATIBLE_PROVIDERS.map((entry) => [
    entry.name,
    {
      label: entry.label,
      defaultModel: entry.defaultModel,
      keyVariable: entry.apiKeyEnv,
      local: entry.local,
      create: async ({ apiKey, baseUrl, firstByteTimeoutMs }) =>
        (await import("../openai-llm-provider/mod.ts")).createOpenAiProvider({ name: entry.name, baseUrl: baseUrl ?? entry.baseUrl, ...(apiKey ? { apiKey } : {}), ...(firstByteTimeoutMs ? { firstByteTimeoutMs } : {}) }),
      listModels: (provider, signal) => (provider as OpenAiLlmProvider).listModels(signal),
    } satisfies ProviderSpec,
  ]),
);

/** Names people type for the same provider. */
export const PROVIDER_ALIASES: Record<string, string> = {
  claude: "anthropic", google: "gemini", "lm-studio": "lmstudio", "llama.cpp": "llamacpp", "llama-cpp": "llamacpp", grok: "xai",
};

/** The providers Ursa can talk to, by the name users type. Creating one loads its adapter, not yet its SDK. */
export const PROVIDERS: Record<string, ProviderSpec> = {
  anthropic: {
    label: "Anthropic",
    defaultModel: DEFAULT_ANTHROPIC_MODEL,
    keyVariable: "ANTHROPIC_API_KEY",
    create: async ({ apiKey, baseUrl, firstByteTimeoutMs }) =>
      (await import("../anthropic-llm-provider/mod.ts")).createAnthropicProvider({ ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}), ...(firstByteTimeoutMs ? { firstByteTimeoutMs } : {}) }),
  },
  gemini: {
    label: "Gemini",
    defaultModel: DEFAULT_GEMINI_MODEL,
    keyVariable: "GEMINI_API_KEY",
    // Gemini CLI and Google's SDK accept either; GEMINI_API_KEY is Gemini's own and wins.
    otherKeyVariables: ["GOOGLE_API_KEY"],
    create: async ({ apiKey, apiKeyEnv, baseUrl, firstByteTimeoutMs }) =>
      (await import("../gemini-llm-provider/mod.ts")).createGeminiProvider({
        ...(apiKey ? { apiKey } : {}), ...(apiKeyEnv ? { apiKeyEnv } : {}), ...(baseUrl ? { baseUrl } : {}), ...(firstByteTimeoutMs ? { firstByteTimeoutMs } : {}),
      }),
  },
  ...OPENAI_COMPATIBLE,
};

/** The variables a provider's key is read from, in the order they are tried. */
function keyVariablesOf(spec: ProviderSpec): readonly string[] {
  return spec.keyVariable ? [spec.keyVariable, ...(spec.otherKeyVariables ?? [])] : [];
}

/** The variables that hold provider keys, each with its provider's label ("Anthropic"). */
export const PROVIDER_KEY_LABELS: ReadonlyMap<string, string> = new Map(Object.values(PROVIDERS).flatMap((spec) => keyVariablesOf(spec).map((variable) => [variable, spec.label] as const)));

/** The variables that hold provider keys: among the secrets no child process inherits (child-env.ts, docs/mcp.md). */
export const PROVIDER_KEY_VARIABLES: readonly string[] = [...PROVIDER_KEY_LABELS.keys()];

/** Each SDK's conventional variable for another endpoint (a proxy, a local server). */
const BASE_URL_VARIABLES: Record<string, string> = { anthropic: "ANTHROPIC_BASE_URL", gemini: "GEMINI_BASE_URL", openai: "OPENAI_BASE_URL" };

/**
 * The composition root's ProviderRegistry: providers by name, credentials from the
 * environment or the keys file, capabilities from the server or the catalog, prices from the
 * catalog. One provider object per name is kept, so switching back and forth is free.
 */
export class ConfiguredProviders implements ProviderRegistry {
  readonly #processEnv: Env;
  #env: Env;
  readonly #maxTokens: number;
  readonly #baseUrl: { readonly provider: string; readonly url: string } | undefined;
  readonly #dataDir: string | undefined;
  readonly #made = new Map<string, Promise<LlmProvider>>();

  /**
   * `baseUrl` (from --base-url) applies to the provider chosen on the command line. With
   * `dataDir`, a key found nowhere is looked for again in its keys.json (written since Ursa
   * started: the dashboard need not be restarted), and the line saying how to set one names it.
   */
  constructor(options: { env: Env; keys: Readonly<Record<string, string>>; maxTokens: number; baseUrl?: { provider: string; url: string } | undefined; dataDir?: string }) {
    // A variable set empty (ANTHROPIC_API_KEY=) is no key: it does not hide the file's.
    this.#processEnv = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== ""));
    this.#env = { ...options.keys, ...this.#processEnv };
    this.#maxTokens = options.maxTokens;
    this.#baseUrl = options.baseUrl;
    this.#dataDir = options.dataDir;
  }

  names(): readonly string[] {
    return Object.keys(PROVIDERS);
  }

  /** One line saying how to configure `name`, or null when it is ready to use. */
  missingKey(typed: string): string | null {
    const name = PROVIDER_ALIASES[typed] ?? typed;
    const spec = PROVIDERS[name];
    if (!spec) return `Unknown provider "${name}"; available: ${this.names().join(", ")}.`;
    if (spec.keyVariable === null || this.#key(spec)) return null;
    const keysFile = this.#dataDir === undefined ? null : readKeysFile(this.#dataDir);
    if (keysFile) this.#env = { ...keysFile.keys, ...this.#processEnv };
    if (this.#key(spec)) return null;
    const where = this.#dataDir === undefined ? "keys.json in Ursa's data directory" : `${join(this.#dataDir, "keys.json")} as {"${spec.keyVariable}": "..."}`;
    const unusable = keysFile?.problem ? ` (its keys are not used: ${keysFile.problem})` : "";
    return `No API key for ${name}: set ${spec.keyVariable} (export ${spec.keyVariable}=...) or add it to ${where}${unusable}.`;
  }

  async resolve(typed: string, model: string | undefined, signal: AbortSignal): Promise<ProviderChoice> {
    const name = PROVIDER_ALIASES[typed] ?? typed;
    const problem = this.missingKey(name);
    if (problem) throw new Error(problem);
    const spec = PROVIDERS[name]!;
    const provider = await this.#provider(name, spec);
    const id = model ?? spec.defaultModel ?? (await this.#firstModel(name, spec, provider, signal));
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

  /**
   * A server that lists its models (local servers, OpenAI-compatible services): its list;
   * when that cannot be had, the known names unchecked. Anthropic and Gemini: the default and
   * the catalog's models and families, which a name is checked against.
   */
  async models(typed: string, signal: AbortSignal): Promise<ModelChoices> {
    const name = PROVIDER_ALIASES[typed] ?? typed;
    const spec = PROVIDERS[name];
    if (!spec) return { models: [], listed: false };
    const list = spec.listModels;
    if (list && this.missingKey(name) === null) {
      const listed = await this.#provider(name, spec).then((provider) => list(provider, signal)).catch(() => []);
      if (listed.length > 0) return { models: listed, listed: true };
    }
    const ids = MODEL_CATALOG.filter((m) => m.provider === name).flatMap((m) => m.ids);
    const models = [...new Set([...(spec.defaultModel ? [spec.defaultModel] : []), ...ids.map((id) => id.replace(/\*$/, ""))])];
    if (list) return { models, listed: false };
    return { models, listed: false, families: ids.filter((id) => id.endsWith("*")).map((id) => id.slice(0, -1)) };
  }

  async #firstModel(name: string, spec: ProviderSpec, provider: LlmProvider, signal: AbortSignal): Promise<string> {
    // A server nobody answers at is said so; one that cannot list its models may still have one loaded.
    const models = (await spec.listModels?.(provider, signal).catch((error: unknown) => {
      if (signal.aborted || (error instanceof ProviderError && error.kind === "unreachable")) throw error;
      return [];
    })) ?? [];
    if (models.length === 0) throw new ProviderError("not_found", `No model available from ${name}: start the server and load or pull a model, or name one with --model.`);
    return models[0]!;
  }

  /** The first of the provider's key variables that is set (each from the environment, else keys.json). */
  #key(spec: ProviderSpec): string | undefined {
    const variable = this.#keyVariable(spec);
    return variable ? this.#env[variable] : undefined;
  }

  /** Which variable that is: an error about the key names it. */
  #keyVariable(spec: ProviderSpec): string | undefined {
    return keyVariablesOf(spec).find((variable) => this.#env[variable]);
  }

  #provider(name: string, spec: ProviderSpec): Promise<LlmProvider> {
    let provider = this.#made.get(name);
    if (!provider) {
      const variable = BASE_URL_VARIABLES[name];
      provider = spec.create({
        firstByteTimeoutMs: firstByteTimeoutMs(this.#env),
        apiKey: this.#key(spec),
        apiKeyEnv: this.#keyVariable(spec),
        baseUrl: this.#baseUrl?.provider === name ? this.#baseUrl.url : variable ? this.#env[variable] : undefined,
      });
      this.#made.set(name, provider);
      // A provider that could not be made is not kept: the next use tries again.
      provider.catch(() => this.#made.delete(name));
    }
    return provider;
  }
}

/** URSA_FIRST_BYTE_TIMEOUT_S: how long a provider may stay silent before its first event (default 60 s). */
function firstByteTimeoutMs(env: Env): number | undefined {
  const value = Number(env["URSA_FIRST_BYTE_TIMEOUT_S"]);
  return env["URSA_FIRST_BYTE_TIMEOUT_S"] && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
}
