import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startOpenAiWireServer, type OpenAiWireServer } from "../../test/wire/openai-wire-server.ts";
import { detectLocalServers } from "./local-server-detection.ts";

describe("detectLocalServers", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function liveServer(models: string[]): Promise<OpenAiWireServer> {
    const server = await startOpenAiWireServer({ modelInfo: { models: models.map((id) => ({ id })) } });
    cleanups.push(() => server.close());
    return server;
  }

  it("returns the servers that answer /models, with their models, and skips closed ports", async () => {
    const ollama = await liveServer(["llama3.2:3b", "qwen3:8b"]);
    const servers = [
      { name: "lmstudio", baseUrl: `${await closedPortUrl()}/v1` },
      { name: "ollama", baseUrl: ollama.baseUrl },
      { name: "vllm", baseUrl: `${await closedPortUrl()}/v1` },
    ];
    expect(await detectLocalServers(new AbortController().signal, { servers })).toEqual([
      { name: "ollama", label: "Ollama", baseUrl: ollama.baseUrl, models: ["llama3.2:3b", "qwen3:8b"] },
    ]);
    expect(ollama.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
  });

  it("ignores something else answering on the port, and a server too slow to answer", async () => {
    const other = await listen((_req, res) => res.end("<html>dev server</html>"));
    const slow = await listen((_req, res) => void setTimeout(() => res.end('{"data":[]}'), 20_000).unref());
    const started = Date.now();
    const found = await detectLocalServers(new AbortController().signal, {
      servers: [{ name: "llamacpp", baseUrl: other }, { name: "vllm", baseUrl: slow }],
      timeoutMs: 5_000,
    });
    expect(found).toEqual([]);
    // The timeout is capped at 300 ms whatever the caller asks (the slow server would take 20 s).
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("probes every local server's default port on each host given, all at once", async () => {
    const asked: string[] = [];
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation((input) => {
      asked.push(String(input));
      return Promise.reject(new TypeError("fetch failed"));
    });
    cleanups.push(async () => fetchSpy.mockRestore());
    expect(await detectLocalServers(new AbortController().signal, { hosts: ["localhost", "192.168.1.20"] })).toEqual([]);
    expect(asked).toEqual([
      "http://localhost:11434/v1/models", "http://localhost:1234/v1/models", "http://localhost:8080/v1/models", "http://localhost:8000/v1/models",
      "http://192.168.1.20:11434/v1/models", "http://192.168.1.20:1234/v1/models", "http://192.168.1.20:8080/v1/models", "http://192.168.1.20:8000/v1/models",
    ]);
  });

  it("throws an AbortError when the caller cancels", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(detectLocalServers(controller.signal, { servers: [{ name: "ollama", baseUrl: "http://127.0.0.1:9/v1" }] }))
      .rejects.toMatchObject({ name: "AbortError" });
  });

  async function listen(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
    const server: Server = createHttpServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
  }
});

/** A URL on a port that was free a moment ago, so connecting is refused. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
