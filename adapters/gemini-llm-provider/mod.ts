export {
  createGeminiProvider, DEFAULT_GEMINI_BASE_URL, GeminiLlmProvider, type GeminiProviderOptions,
} from "./gemini-llm-provider.ts";
export { DEFAULT_GEMINI_MODEL } from "./default-model.ts";
