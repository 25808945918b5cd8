import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGeminiWireServer, type GeminiWireResponse } from "./gemini-wire-server.ts";
import { useStandaloneServer } from "./standalone-server.ts";

const SERVER = join(import.meta.dirname, "gemini-wire-server.ts");
const STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

/** The JSON of each SSE event. */
function events(text: string): unknown[] {
  return text.split("\r\n\r\n").filter((event) => event.startsWith("data: ")).map((event) => JSON.parse(event.slice(6)) as unknown);
}

describe("gemini wire server", () => {
  it("answers in Google's error shape when nothing is scripted or the path is not a stream", async () => {
    const server = await startGeminiWireServer();
    try {
      const unscripted = await fetch(`${server.url}${STREAM}`, { method: "POST", body: "{}" });
      expect(unscripted.status).toBe(500);
      expect(await unscripted.json()).toEqual({
        error: { code: 500, status: "INTERNAL", message: `gemini wire server: no scripted response for POST ${STREAM}` },
      });
      const unary = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", body: "{}" });
      expect(unary.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("streams text in pieces, calls together, a signature on its part's first piece and the totals last", async () => {
    const server = await startGeminiWireServer();
    try {
      server.enqueue({
        type: "message",
        parts: [
          { type: "text", text: "abcdef", signature: "S" },
          { type: "function_call", name: "f", args: { a: 1 } },
          { type: "function_call", name: "g", id: "g1" },
        ],
        usage: { promptTokenCount: 100, candidatesTokenCount: 9, cachedContentTokenCount: 60, thoughtsTokenCount: 4 },
      });
      const text = await (await fetch(`${server.url}${STREAM}`, { method: "POST", body: "{}" })).text();
      const parts = events(text).map((e) => (e as { candidates: Array<{ content: { parts: unknown[] } }> }).candidates[0]?.content.parts);
      expect(parts).toEqual([
        [{ text: "ab", thoughtSignature: "S" }],
        [{ text: "cd" }],
        [{ text: "ef" }],
        [{ functionCall: { name: "f", args: { a: 1 } } }, { functionCall: { name: "g", args: {}, id: "g1" } }],
      ]);
      const last = events(text).at(-1) as { candidates: Array<{ finishReason: string }>; usageMetadata: unknown };
      expect(last.candidates[0]?.finishReason).toBe("STOP");
      expect(last.usageMetadata).toEqual({
        promptTokenCount: 100, candidatesTokenCount: 9, totalTokenCount: 113, cachedContentTokenCount: 60, thoughtsTokenCount: 4,
      });
    } finally {
      await server.close();
    }
  });

  describe("standalone", () => {
    const start = useStandaloneServer(SERVER);

    it("serves a JSON script in order, publishes its port and records requests", async () => {
      const script: GeminiWireResponse[] = [
        { type: "message", parts: [{ type: "text", text: "Hello from the script" }] },
        { type: "http_error", status: 400, errorStatus: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." },
      ];
      const { port, recorded } = await start(script);
      const url = `http://127.0.0.1:${port}${STREAM}`;

      const first = await fetch(url, { method: "POST", body: JSON.stringify({ n: 1 }) });
      expect(first.headers.get("content-type")).toBe("text/event-stream");
      expect(events(await first.text())).toHaveLength(3);
      const second = await fetch(url, { method: "POST", body: JSON.stringify({ n: 2 }) });
      expect(second.status).toBe(400);

      
      expect((await recorded()).map(({ path, body }) => ({ path, body }))).toEqual([
        { path: STREAM, body: { n: 1 } },
        { path: STREAM, body: { n: 2 } },
      ]);
    });
  });
});
