import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startOpenAiWireServer, type OpenAiWireModelInfo, type OpenAiWireResponse } from "./openai-wire-server.ts";
import { useStandaloneServer } from "./standalone-server.ts";

const SERVER = join(import.meta.dirname, "openai-wire-server.ts");

describe("openai wire server", () => {
  it("answers 500 with a loud message when nothing is scripted", async () => {
    const server = await startOpenAiWireServer();
    try {
      const response = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: "{}" });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { message: "openai wire server: no scripted response for POST /v1/chat/completions", type: "server_error", param: null, code: null },
      });
    } finally {
      await server.close();
    }
  });

  it("streams parallel tool calls with split arguments, a finish chunk, a usage chunk and [DONE]", async () => {
    const server = await startOpenAiWireServer();
    try {
      server.enqueue({
        type: "completion",
        toolCalls: [{ id: "c1", name: "a", arguments: { x: 1 } }, { id: "c2", name: "b", rawArguments: "{}" }],
        usage: { prompt_tokens: 30, completion_tokens: 4, cached_tokens: 20 },
      });
      const response = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m" }) });
      const data = (await response.text()).split("\n\n").filter((line) => line !== "").map((line) => line.slice("data: ".length));
      expect(data.at(-1)).toBe("[DONE]");
      const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as { model: string; choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: unknown });
      expect(chunks.every((chunk) => chunk.model === "m")).toBe(true);
      const calls = chunks.flatMap((chunk) => (chunk.choices[0]?.delta["tool_calls"] as unknown[] | undefined) ?? []);
      expect(calls).toEqual([
        { index: 0, id: "c1", type: "function", function: { name: "a", arguments: "" } },
        { index: 0, function: { arguments: '{"x' } }, { index: 0, function: { arguments: '":1' } }, { index: 0, function: { arguments: "}" } },
        { index: 1, id: "c2", type: "function", function: { name: "b", arguments: "" } },
        { index: 1, function: { arguments: "{" } }, { index: 1, function: { arguments: "}" } },
      ]);
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 30, prompt_tokens_details: { cached_tokens: 20 } } });
    } finally {
      await server.close();
    }
  });

  it("answers the model-information endpoints of OpenAI, Ollama, LM Studio and llama.cpp", async () => {
    const server = await startOpenAiWireServer({
      modelInfo: {
        models: [{ id: "a/b", entry: { max_model_len: 100 }, ollama: { architecture: "llama", contextLength: 200 }, lmStudio: { maxContextLength: 300 } }],
        llamaCppContext: 400,
      },
    });
    try {
      const get = async (path: string, init?: RequestInit) => {
        const response = await fetch(`${server.url}${path}`, init);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect((await get("/v1/models")).body).toMatchObject({ object: "list", data: [{ id: "a/b", object: "model", max_model_len: 100 }] });
      expect((await get("/api/show", { method: "POST", body: JSON.stringify({ model: "a/b" }) })).body)
        .toMatchObject({ model_info: { "general.architecture": "llama", "llama.context_length": 200 } });
      expect((await get("/api/show", { method: "POST", body: JSON.stringify({ model: "zz" }) })).status).toBe(404);
      expect((await get("/api/v0/models")).body).toMatchObject({ data: [{ id: "a/b", max_context_length: 300, state: "not-loaded" }] });
      expect((await get(`/api/v0/models/${encodeURIComponent("a/b")}`)).body).toMatchObject({ id: "a/b", max_context_length: 300 });
      expect((await get("/props")).body).toMatchObject({ default_generation_settings: { n_ctx: 400 } });
      expect(server.chatRequests()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  describe("standalone", () => {
    const start = useStandaloneServer(SERVER);

    it("serves a JSON script in order, publishes its port, lists its models and records requests", async () => {
      const script: OpenAiWireResponse[] = [
        { type: "completion", text: "Hello from the script" },
        { type: "http_error", status: 401, message: "Incorrect API key provided", code: "invalid_api_key" },
      ];
      const models: OpenAiWireModelInfo = { models: [{ id: "llama3.2:3b" }] };
      const { port, recorded } = await start(script, { "--models": models });
      const baseUrl = `http://127.0.0.1:${port}/v1`;

      const first = await fetch(`${baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m1" }) });
      expect(first.headers.get("content-type")).toBe("text/event-stream");
      const text = (await first.text()).split("\n\n").filter((l) => l.startsWith("data: {")).map((l) => JSON.parse(l.slice(6)) as { choices: Array<{ delta: { content?: string } }> });
      expect(text.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Hello from the script");
      const second = await fetch(`${baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m2" }) });
      expect(second.status).toBe(401);
      expect(await (await fetch(`${baseUrl}/models`)).json()).toMatchObject({ data: [{ id: "llama3.2:3b" }] });

      
      expect((await recorded()).map(({ path, body }) => ({ path, body }))).toEqual([
        { path: "/v1/chat/completions", body: { model: "m1" } },
        { path: "/v1/chat/completions", body: { model: "m2" } },
        { path: "/v1/models", body: null },
      ]);
    });
  });
});
