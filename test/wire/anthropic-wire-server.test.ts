import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireResponse } from "./anthropic-wire-server.ts";

const TSX = join(import.meta.dirname, "../../node_modules/.bin/tsx");
const SERVER = join(import.meta.dirname, "anthropic-wire-server.ts");

describe("anthropic wire server", () => {
  it("answers 500 with a loud message when nothing is scripted", async () => {
    const server = await startAnthropicWireServer();
    try {
      const response = await fetch(`${server.url}/v1/messages`, { method: "POST", body: "{}" });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        type: "error",
        error: { type: "api_error", message: "anthropic wire server: no scripted response for POST /v1/messages" },
      });
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

    it("serves a JSON script in order, publishes its port and records requests", async () => {
      dir = await mkdtemp(join(tmpdir(), "ursa-wire-"));
      const script: AnthropicWireResponse[] = [
        { type: "message", blocks: [{ type: "text", text: "Hello from the script" }] },
        { type: "http_error", status: 401, errorType: "authentication_error", message: "invalid x-api-key" },
      ];
      const paths = { script: join(dir, "script.json"), port: join(dir, "port"), record: join(dir, "requests.jsonl") };
      await writeFile(paths.script, JSON.stringify(script));
      child = spawn(TSX, [SERVER, "--script", paths.script, "--port-file", paths.port, "--record", paths.record], { stdio: "ignore" });
      const port = await waitForFile(paths.port);
      const url = `http://127.0.0.1:${port}/v1/messages`;

      const first = await fetch(url, { method: "POST", body: JSON.stringify({ model: "m1" }) });
      expect(first.headers.get("content-type")).toBe("text/event-stream");
      const events = (await first.text()).split("\n").filter((line) => line.startsWith("event: ")).map((line) => line.slice(7));
      expect(events).toEqual([
        "message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop",
      ]);
      const second = await fetch(url, { method: "POST", body: JSON.stringify({ model: "m2" }) });
      expect(second.status).toBe(401);

      const recorded = (await readFile(paths.record, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { path: string; body: unknown });
      expect(recorded.map(({ path, body }) => ({ path, body }))).toEqual([
        { path: "/v1/messages", body: { model: "m1" } },
        { path: "/v1/messages", body: { model: "m2" } },
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
