import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startOpenAiWireServer, type OpenAiWireModelInfo, type OpenAiWireResponse } from "./openai-wire-server.ts";

const TSX = join(import.meta.dirname, "../../node_modules/.bin/tsx");
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
    let child: ChildProcess | undefined;
    let dir: string | undefined;
    afterEach(async () => {
      if (child?.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child?.once("exit", resolve));
      }
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("serves a JSON script in order, publishes its port, lists its models and records requests", async () => {
      dir = await mkdtemp(join(tmpdir(), "ursa-wire-"));
      const script: OpenAiWireResponse[] = [
        { type: "completion", text: "Hello from the script" },
        { type: "http_error", status: 401, message: "Incorrect API key provided", code: "invalid_api_key" },
      ];
      const models: OpenAiWireModelInfo = { models: [{ id: "llama3.2:3b" }] };
      const paths = { script: join(dir, "script.json"), models: join(dir, "models.json"), port: join(dir, "port"), record: join(dir, "requests.jsonl") };
      await writeFile(paths.script, JSON.stringify(script));
      await writeFile(paths.models, JSON.stringify(models));
      child = spawn(TSX, [SERVER, "--script", paths.script, "--port-file", paths.port, "--record", paths.record, "--models", paths.models], { stdio: "ignore" });
      const baseUrl = `http://127.0.0.1:${await waitForFile(paths.port)}/v1`;

      const first = await fetch(`${baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m1" }) });
      expect(first.headers.get("content-type")).toBe("text/event-stream");
      const text = (await first.text()).split("\n\n").filter((l) => l.startsWith("data: {")).map((l) => JSON.parse(l.slice(6)) as { choices: Array<{ delta: { content?: string } }> });
      expect(text.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Hello from the script");
      const second = await fetch(`${baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m2" }) });
      expect(second.status).toBe(401);
      expect(await (await fetch(`${baseUrl}/models`)).json()).toMatchObject({ data: [{ id: "llama3.2:3b" }] });

      const recorded = (await readFile(paths.record, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { path: string; body: unknown });
      expect(recorded.map(({ path, body }) => ({ path, body }))).toEqual([
        { path: "/v1/chat/completions", body: { model: "m1" } },
        { path: "/v1/chat/completions", body: { model: "m2" } },
        { path: "/v1/models", body: null },
      ]);
    });
  });
});

async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
