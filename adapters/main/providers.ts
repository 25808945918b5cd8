import type { LlmProvider } from "../../core/ports/llm-provider.ts";
import { createAnthropicProvider, DEFAULT_ANTHROPIC_MODEL } from "../anthropic-llm-provider/mod.ts";

export interface ProviderEntry {
  readonly defaultModel: string;
  /** The environment variable holding the key, named in errors. */
  readonly keyVariable: string;
  create(env: Readonly<Record<string, string | undefined>>): LlmProvider;
}

/** The providers Ursa can talk to, by the name users type. Creating one loads no SDK yet. */
export const PROVIDERS = {
  anthropic: {
    defaultModel: DEFAULT_ANTHROPIC_MODEL,
    keyVariable: "ANTHROPIC_API_KEY",
    create: (env) =>
      createAnthropicProvider({
        ...(env["ANTHROPIC_API_KEY"] ? { apiKey: env["ANTHROPIC_API_KEY"] } : {}),
        ...(env["ANTHROPIC_BASE_URL"] ? { baseUrl: env["ANTHROPIC_BASE_URL"] } : {}),
      }),
  },
} satisfies Record<string, ProviderEntry>;

export type ProviderName = keyof typeof PROVIDERS;

/** A clear line when the provider has no key, before any request is made. */
export function missingKeyMessage(name: ProviderName, env: Readonly<Record<string, string | undefined>>): string | null {
  const entry: ProviderEntry = PROVIDERS[name];
  if (env[entry.keyVariable]) return null;
  return `No API key for ${name}: set ${entry.keyVariable} (export ${entry.keyVariable}=...) and run again.`;
}
