export {
  createGeminiProvider, DEFAULT_GEMINI_BASE_URL, DEFAULT_GEMINI_MODEL, GeminiLlmProvider, type GeminiProviderOptions,
} from "./gemini-llm-provider.ts";
