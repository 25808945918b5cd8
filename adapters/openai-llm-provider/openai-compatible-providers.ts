import type { ToolCallIdRule } from "./tool-call-ids.ts";

/** Where a server reports a model's context window, if anywhere (see server-context.ts). */
export type ContextSource = "ollama" | "lmstudio" | "llamacpp" | "models" | "none";

/**
 * How a provider's Chat Completions dialect differs from OpenAI's. Only differences that make a
 * server reject a request are listed; everything else is read leniently from every server.
 */
export interface WireDialect {
  /** OpenAI's reasoning models refuse `max_tokens`; most other servers only know it. */
  readonly maxTokensField: "max_tokens" | "max_completion_tokens";
  /** Mistral answers 422 to `stream_options` (it sends usage unasked). */
  readonly streamOptions: boolean;
  /** Mistral accepts only its own 9-character ids, which history from other providers lacks. */
  readonly toolCallIds: ToolCallIdRule;
}

/** A service or local server that speaks OpenAI's Chat Completions API. */
export interface OpenAiCompatibleProvider {
  /** What `--provider` takes and the status bar shows. */
  readonly name: string;
  /** For messages: "OpenRouter", "LM Studio". */
  readonly label: string;
  readonly baseUrl: string;
  /** Environment variable conventionally holding the key; null for local servers that need none. */
  readonly apiKeyEnv: string | null;
  /** A sensible model to start with; null where it depends on what the user installed. */
  readonly defaultModel: string | null;
  readonly local: boolean;
  readonly contextSource: ContextSource;
  readonly dialect: WireDialect;
}

export const STANDARD_DIALECT: WireDialect = { maxTokensField: "max_tokens", streamOptions: true, toolCallIds: "max40" };

type Entry = Omit<OpenAiCompatibleProvider, "dialect" | "local"> & { readonly dialect?: WireDialect };

const remote = (entry: Entry): OpenAiCompatibleProvider => ({ dialect: STANDARD_DIALECT, ...entry, local: false });
const local = (entry: Omit<Entry, "apiKeyEnv" | "defaultModel">): OpenAiCompatibleProvider => ({
  apiKeyEnv: null, defaultModel: null, dialect: STANDARD_DIALECT, ...entry, local: true,
});

/**
 * Known OpenAI-compatible providers. Remote lists (OpenRouter, Groq…) report context windows in
 * their /models entries; OpenAI, DeepSeek and xAI do not, so the shared catalog answers for them.
 */
export const OPENAI_COMPATIBLE_PROVIDERS: readonly OpenAiCompatibleProvider[] = [
  remote({
    name: "openai", label: "OpenAI", baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", defaultModel: "gpt-5",
    contextSource: "none", dialect: { ...STANDARD_DIALECT, maxTokensField: "max_completion_tokens" },
  }),
  remote({
    name: "openrouter", label: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", apiKeyEnv: "OPENROUTER_API_KEY",
    defaultModel: "anthropic/claude-sonnet-4.5", contextSource: "models",
  }),
  remote({
    name: "groq", label: "Groq", baseUrl: "https://api.groq.com/openai/v1", apiKeyEnv: "GROQ_API_KEY",
    defaultModel: "llama-3.3-70b-versatile", contextSource: "models",
  }),
  remote({
    name: "deepseek", label: "DeepSeek", baseUrl: "https://api.deepseek.com/v1", apiKeyEnv: "DEEPSEEK_API_KEY",
    defaultModel: "deepseek-chat", contextSource: "none",
  }),
  remote({
    name: "mistral", label: "Mistral", baseUrl: "https://api.mistral.ai/v1", apiKeyEnv: "MISTRAL_API_KEY",
    defaultModel: "mistral-large-latest", contextSource: "models", dialect: { maxTokensField: "max_tokens", streamOptions: false, toolCallIds: "alnum9" },
  }),
  remote({ name: "xai", label: "xAI", baseUrl: "https://api.x.ai/v1", apiKeyEnv: "XAI_API_KEY", defaultModel: "grok-4", contextSource: "none" }),
  remote({
    name: "together", label: "Together AI", baseUrl: "https://api.together.xyz/v1", apiKeyEnv: "TOGETHER_API_KEY",
    defaultModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo", contextSource: "models",
  }),
  remote({
    name: "fireworks", label: "Fireworks AI", baseUrl: "https://api.fireworks.ai/inference/v1", apiKeyEnv: "FIREWORKS_API_KEY",
    defaultModel: "accounts/fireworks/models/llama-v3p3-70b-instruct", contextSource: "models",
  }),
  local({ name: "ollama", label: "Ollama", baseUrl: "http://localhost:11434/v1", contextSource: "ollama" }),
  local({ name: "lmstudio", label: "LM Studio", baseUrl: "http://localhost:1234/v1", contextSource: "lmstudio" }),
  local({ name: "llamacpp", label: "llama.cpp server", baseUrl: "http://localhost:8080/v1", contextSource: "llamacpp" }),
  local({ name: "vllm", label: "vLLM", baseUrl: "http://localhost:8000/v1", contextSource: "models" }),
];

export function findOpenAiCompatibleProvider(name: string): OpenAiCompatibleProvider | undefined {
  return OPENAI_COMPATIBLE_PROVIDERS.find((provider) => provider.name === name);
}

/**
 * The known provider a base URL points at: a remote one by host, a local one by its default port
 * on a loopback address. Lets `--base-url http://127.0.0.1:11434/v1` read Ollama's context window.
 */
export function providerForBaseUrl(baseUrl: string): OpenAiCompatibleProvider | undefined {
  const url = parseUrl(baseUrl);
  if (url === undefined) return undefined;
  return OPENAI_COMPATIBLE_PROVIDERS.find((provider) => {
    const known = new URL(provider.baseUrl);
    return provider.local ? isLoopback(url) && url.port === known.port : url.hostname === known.hostname;
  });
}

/** Whether the URL names this machine, where a refused connection means "the server is not running". */
export function isLocalBaseUrl(baseUrl: string): boolean {
  const url = parseUrl(baseUrl);
  return url !== undefined && isLoopback(url);
}

function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
