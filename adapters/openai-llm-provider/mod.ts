export { createOpenAiProvider, OpenAiLlmProvider, type OpenAiProviderOptions } from "./openai-llm-provider.ts";
export {
  findOpenAiCompatibleProvider, isLocalBaseUrl, OPENAI_COMPATIBLE_PROVIDERS, providerForBaseUrl,
  type ContextSource, type OpenAiCompatibleProvider, type WireDialect,
} from "./openai-compatible-providers.ts";
export { detectLocalServers, type DetectedServer, type DetectOptions } from "./local-server-detection.ts";
