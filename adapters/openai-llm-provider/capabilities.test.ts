import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CAPABILITIES } from "../../core/domain/model-catalog.ts";
import { startOpenAiWireServer, type OpenAiWireModelInfo, type OpenAiWireServer } from "../../test/wire/openai-wire-server.ts";
import { capabilitiesOf } from "./model-capabilities.ts";
import { createOpenAiProvider } from "./mod.ts";
import { serverRoot } from "./server-context.ts";

const signal = () => new AbortController().signal;

describe("OpenAiLlmProvider.capabilities", () => {
  let server: OpenAiWireServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (modelInfo: OpenAiWireModelInfo) => (server = await startOpenAiWireServer({ modelInfo }));

  it("reads Ollama's loaded context from /api/ps, else num_ctx from /api/show, else the architecture's context_length", async () => {
    const { baseUrl, requests } = await serve({
      models: [
        { id: "gemma3:4b", ollama: { architecture: "gemma3", contextLength: 131_072, numCtx: 16_384, loadedContextLength: 4_096 } },
        { id: "llama3.1:8b", ollama: { architecture: "llama", contextLength: 131_072, numCtx: 16_384 } },
        { id: "qwen3:8b", ollama: { architecture: "qwen3", contextLength: 40_960 } },
      ],
    });
    const ollama = createOpenAiProvider({ name: "ollama", baseUrl });
    expect(await ollama.capabilities("gemma3:4b", signal())).toEqual({ contextWindow: 4_096, maxOutputTokens: 2_048 });
    expect(await ollama.capabilities("llama3.1:8b", signal())).toEqual({ contextWindow: 16_384, maxOutputTokens: DEFAULT_CAPABILITIES.maxOutputTokens });
    expect(await ollama.capabilities("qwen3:8b", signal())).toEqual({ contextWindow: 40_960, maxOutputTokens: DEFAULT_CAPABILITIES.maxOutputTokens });
    expect(requests.find((r) => r.path === "/api/show")).toMatchObject({ method: "POST", body: { model: "gemma3:4b" } });
    expect(requests.filter((r) => r.path === "/api/ps")).toHaveLength(3);
  });

  it("asks Ollama afresh each time, since the context changes once the model is loaded", async () => {
    const { baseUrl, requests } = await serve({ models: [{ id: "m", ollama: { architecture: "llama", contextLength: 8_192 } }] });
    const ollama = createOpenAiProvider({ name: "ollama", baseUrl });
    await ollama.capabilities("m", signal());
    await ollama.capabilities("m", signal());
    expect(requests.filter((r) => r.path === "/api/show")).toHaveLength(2);
  });

  it("reads LM Studio's loaded context, else the model's maximum, and caps output at half the window", async () => {
    const { baseUrl } = await serve({
      models: [
        { id: "qwen/qwen3-8b", lmStudio: { maxContextLength: 32_768, loadedContextLength: 4_096 } },
        { id: "gemma-3-12b", lmStudio: { maxContextLength: 131_072 } },
      ],
    });
    const lmStudio = createOpenAiProvider({ name: "lmstudio", baseUrl });
    expect(await lmStudio.capabilities("qwen/qwen3-8b", signal())).toEqual({ contextWindow: 4_096, maxOutputTokens: 2_048 });
    expect(await lmStudio.capabilities("gemma-3-12b", signal())).toEqual({ contextWindow: 131_072, maxOutputTokens: DEFAULT_CAPABILITIES.maxOutputTokens });
  });

  it("reads llama.cpp server's slot context from /props", async () => {
    const { baseUrl } = await serve({ models: [], llamaCppContext: 8_192 });
    expect(await createOpenAiProvider({ name: "llamacpp", baseUrl }).capabilities("any.gguf", signal())).toEqual({ contextWindow: 8_192, maxOutputTokens: 4_096 });
  });

  it("reads limits from /models entries: vLLM's max_model_len, OpenRouter's context_length and output limit", async () => {
    const { baseUrl } = await serve({
      models: [
        { id: "Qwen/Qwen2.5-Coder-32B-Instruct", entry: { max_model_len: 32_768 } },
        { id: "anthropic/claude-sonnet-4.5", entry: { context_length: 1_000_000, top_provider: { max_completion_tokens: 64_000 } } },
      ],
    });
    expect(await createOpenAiProvider({ name: "vllm", baseUrl }).capabilities("Qwen/Qwen2.5-Coder-32B-Instruct", signal()))
      .toEqual({ contextWindow: 32_768, maxOutputTokens: DEFAULT_CAPABILITIES.maxOutputTokens });
    expect(await createOpenAiProvider({ name: "openrouter", apiKey: "k", baseUrl }).capabilities("anthropic/claude-sonnet-4.5", signal()))
      .toEqual({ contextWindow: 1_000_000, maxOutputTokens: 64_000 });
  });

  it("falls back to the catalog, then the default, when the server knows nothing of the model", async () => {
    const { baseUrl } = await serve({ models: [{ id: "other", ollama: { architecture: "llama", contextLength: 8_192 } }] });
    const ollama = createOpenAiProvider({ name: "ollama", baseUrl });
    expect(await ollama.capabilities("gpt-4o-mini", signal())).toEqual({ contextWindow: 128_000, maxOutputTokens: 16_384 });
    expect(await ollama.capabilities("mystery:7b", signal())).toEqual(DEFAULT_CAPABILITIES);
  });

  it("asks OpenAI nothing and answers from the catalog", async () => {
    const { baseUrl, requests } = await serve({ models: [{ id: "gpt-5", entry: { context_length: 1 } }] });
    expect(await createOpenAiProvider({ name: "openai", apiKey: "k", baseUrl }).capabilities("gpt-5", signal()))
      .toEqual({ contextWindow: 400_000, maxOutputTokens: 128_000 });
    expect(requests).toHaveLength(0);
  });

  it("asks once per model, but asks again after a failure", async () => {
    const { baseUrl, requests } = await serve({ models: [{ id: "m", entry: { max_model_len: 10_000 } }] });
    const vllm = createOpenAiProvider({ name: "vllm", baseUrl });
    await vllm.capabilities("m", signal());
    await vllm.capabilities("m", signal());
    expect(requests).toHaveLength(1);

    const aborted = new AbortController();
    aborted.abort();
    const fresh = createOpenAiProvider({ name: "vllm", baseUrl });
    expect(await fresh.capabilities("m", aborted.signal)).toEqual(DEFAULT_CAPABILITIES);
    expect(await fresh.capabilities("m", signal())).toEqual({ contextWindow: 10_000, maxOutputTokens: 5_000 });
  });

  it("never throws when the server is down", async () => {
    const { baseUrl } = await serve({ models: [] });
    await server?.close();
    server = undefined;
    for (const name of ["ollama", "lmstudio", "llamacpp", "vllm", "custom"]) {
      expect(await createOpenAiProvider({ name, baseUrl }).capabilities("llama-3.3-70b-versatile", signal())).toEqual({ contextWindow: 131_072, maxOutputTokens: 32_768 });
    }
  });

  it("sends the key to servers that want one for /models", async () => {
    const { baseUrl, requests } = await serve({ models: [] });
    await createOpenAiProvider({ name: "groq", apiKey: "gsk-1", baseUrl, defaultHeaders: { "x-extra": "1" } }).capabilities("m", signal());
    expect(requests[0]?.headers).toMatchObject({ authorization: "Bearer gsk-1", "x-extra": "1" });
  });
});

describe("capabilitiesOf", () => {
  it("prefers what the server said, part by part", () => {
    expect(capabilitiesOf("gpt-4.1", { contextWindow: 200_000 })).toEqual({ contextWindow: 200_000, maxOutputTokens: 32_768 });
    expect(capabilitiesOf("gpt-4.1", { maxOutputTokens: 1_000 })).toEqual({ contextWindow: 1_047_576, maxOutputTokens: 1_000 });
    expect(capabilitiesOf("unknown", {})).toEqual(DEFAULT_CAPABILITIES);
  });
});

describe("serverRoot", () => {
  it.each([
    ["http://localhost:11434/v1", "http://localhost:11434"],
    ["http://localhost:11434/v1/", "http://localhost:11434"],
    ["https://proxy.example/ollama/v1", "https://proxy.example/ollama"],
    ["http://localhost:8080", "http://localhost:8080"],
  ])("%s → %s", (baseUrl, root) => {
    expect(serverRoot(baseUrl)).toBe(root);
  });
});
