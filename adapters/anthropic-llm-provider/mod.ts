export {
  AnthropicLlmProvider, createAnthropicProvider, DEFAULT_ANTHROPIC_BASE_URL, type AnthropicProviderOptions,
} from "./anthropic-llm-provider.ts";
export { DEFAULT_ANTHROPIC_MODEL } from "./model-catalog.ts";
