import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireResponse } from "./anthropic-wire-server.ts";
import { useStandaloneServer } from "./standalone-server.ts";

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
    const start = useStandaloneServer(SERVER);

    it("serves a JSON script in order, publishes its port and records requests", async () => {
      const script: AnthropicWireResponse[] = [
        { type: "message", blocks: [{ type: "text", text: "Hello from the script" }] },
        { type: "http_error", status: 401, errorType: "authentication_error", message: "invalid x-api-key" },
      ];
      const { port, recorded } = await start(script);
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

      
      expect((await recorded()).map(({ path, body }) => ({ path, body }))).toEqual([
        { path: "/v1/messages", body: { model: "m1" } },
        { path: "/v1/messages", body: { model: "m2" } },
      ]);
    });
  });
});
