import { describe, expect, it } from "vitest";
import { lookupModel } from "../../core/domain/model-catalog.ts";
import {
  findOpenAiCompatibleProvider, isLocalBaseUrl, OPENAI_COMPATIBLE_PROVIDERS, providerForBaseUrl,
} from "./openai-compatible-providers.ts";

describe("OPENAI_COMPATIBLE_PROVIDERS", () => {
  it("lists the remote services with their key variables and the local servers without", () => {
    const rows = OPENAI_COMPATIBLE_PROVIDERS.map((p) => [p.name, p.baseUrl, p.apiKeyEnv]);
    expect(rows).toEqual([
      ["openai", "https://api.openai.com/v1", "OPENAI_API_KEY"],
      ["openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"],
      ["groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"],
      ["deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"],
      ["mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"],
      ["xai", "https://api.x.ai/v1", "XAI_API_KEY"],
      ["together", "https://api.together.xyz/v1", "TOGETHER_API_KEY"],
      ["fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY"],
      ["ollama", "http://localhost:11434/v1", null],
      ["lmstudio", "http://localhost:1234/v1", null],
      ["llamacpp", "http://localhost:8080/v1", null],
      ["vllm", "http://localhost:8000/v1", null],
    ]);
    for (const provider of OPENAI_COMPATIBLE_PROVIDERS) {
      expect(provider.local).toBe(provider.apiKeyEnv === null);
      expect(provider.local).toBe(provider.defaultModel === null);
    }
  });

  it("gives remote services a default model the catalog or their model list can size", () => {
    for (const provider of OPENAI_COMPATIBLE_PROVIDERS.filter((p) => p.defaultModel !== null)) {
      const sized = lookupModel(provider.defaultModel ?? "") !== undefined || provider.contextSource === "models";
      expect({ name: provider.name, sized }).toEqual({ name: provider.name, sized: true });
    }
  });
});

describe("findOpenAiCompatibleProvider", () => {
  it("finds by name", () => {
    expect(findOpenAiCompatibleProvider("xai")?.label).toBe("xAI");
    expect(findOpenAiCompatibleProvider("nope")).toBeUndefined();
  });
});

describe("providerForBaseUrl", () => {
  it.each([
    ["https://api.openai.com/v1", "openai"],
    ["https://openrouter.ai/api/v1/", "openrouter"],
    ["http://127.0.0.1:11434/v1", "ollama"],
    ["http://localhost:1234/v1", "lmstudio"],
    ["http://[::1]:8080/v1", "llamacpp"],
    ["http://localhost:8000/v1", "vllm"],
    ["http://gpu-box:11434/v1", undefined],
    ["http://localhost:9999/v1", undefined],
    ["not a url", undefined],
  ])("%s → %s", (baseUrl, name) => {
    expect(providerForBaseUrl(baseUrl)?.name).toBe(name);
  });
});

describe("isLocalBaseUrl", () => {
  it.each([
    ["http://localhost:11434/v1", true],
    ["http://127.0.0.2:8000/v1", true],
    ["http://[::1]:1234/v1", true],
    ["https://api.openai.com/v1", false],
    ["http://192.168.1.20:11434/v1", false],
  ])("%s → %s", (baseUrl, local) => {
    expect(isLocalBaseUrl(baseUrl)).toBe(local);
  });
});
