import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthProxy, startHttpEverything, until } from "../../test/fixtures/mcp-servers.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { openLibsqlStore, type LibsqlStore } from "../libsql-store/mod.ts";
import { McpServerManager } from "./mcp-server-manager.ts";

let dir: { path: string; remove: () => Promise<void> };
let store: LibsqlStore;
let streamable: Awaited<ReturnType<typeof startHttpEverything>>;
let sse: Awaited<ReturnType<typeof startHttpEverything>>;

beforeAll(async () => {
  dir = await makeTempDir("ursa-mcp-http");
  store = await openLibsqlStore({ url: `file:${join(dir.path, "ursa.db")}`, deviceId: "test" });
  [streamable, sse] = await Promise.all([startHttpEverything("streamableHttp"), startHttpEverything("sse")]);
});
afterAll(async () => {
  await Promise.all([streamable?.stop(), sse?.stop()]);
  await store?.close();
  await dir?.remove();
});

async function echo(m: McpServerManager, server: string, message: string) {
  const { ctx } = makeToolContext(dir.path);
  return m.tools().find((t) => t.name === `${server}__echo`)!.execute({ message }, ctx);
}

describe("MCP over HTTP", () => {
  it("speaks Streamable HTTP, falls back to SSE for older servers, and sends the configured headers", async () => {
    const proxy = await startAuthProxy(streamable.port, "Bearer t0ken");
    const sseProxy = await startAuthProxy(sse.port, "Bearer t0ken");
    const m = new McpServerManager({ settings: store.settings, env: { MCP_TOKEN: "t0ken" }, cwd: dir.path, clientVersion: "0.0.0-test" });
    try {
      await m.add("web", { transport: "http", url: `http://127.0.0.1:${streamable.port}/mcp` });
      await m.add("legacy", { transport: "http", url: `http://127.0.0.1:${sse.port}/sse` });
      await m.add("authed", { transport: "http", url: `http://127.0.0.1:${proxy.port}/mcp`, headers: { Authorization: "Bearer ${MCP_TOKEN}" } });
      await m.add("legacy-authed", { transport: "http", url: `http://127.0.0.1:${sseProxy.port}/sse`, headers: { Authorization: "Bearer ${MCP_TOKEN}" } });
      await m.add("refused", { transport: "http", url: `http://127.0.0.1:${proxy.port}/mcp`, headers: { Authorization: "Bearer wrong" } });
      await m.settled();
      expect(m.status().map((s) => [s.name, s.state, s.transport, s.toolCount])).toEqual([
        ["authed", "connected", "http", 12],
        ["legacy", "connected", "sse", 12],
        ["legacy-authed", "connected", "sse", 12],
        ["refused", "failed", "http", 0],
        ["web", "connected", "http", 12],
      ]);
      expect(m.status().find((s) => s.name === "refused")!.lastError).toBe(
        `could not connect to http://127.0.0.1:${proxy.port}/mcp: HTTP 401: Streamable HTTP error: Error POSTing to endpoint: unauthorized ` +
          "(as SSE: SSE error: Non-200 status code (401)); the server refused the credentials: check the configured headers",
      );
      expect(proxy.seen).toContain("Bearer t0ken");
      expect(await echo(m, "web", "over http")).toEqual({ output: "Echo: over http", success: true });
      expect(await echo(m, "legacy", "over sse")).toEqual({ output: "Echo: over sse", success: true });
      expect(await echo(m, "authed", "with a token")).toEqual({ output: "Echo: with a token", success: true });
      expect(await echo(m, "legacy-authed", "sse with a token")).toEqual({ output: "Echo: sse with a token", success: true });
      expect(m.instructions()).toContain("---[start of server instructions from web]---");
    } finally {
      await m.close();
      await Promise.all([proxy.close(), sseProxy.close()]);
    }
  });

  it("reconnects an HTTP server that went away once it is back", async () => {
    const server = await startHttpEverything("streamableHttp");
    const m = new McpServerManager({ settings: store.settings, env: {}, cwd: dir.path, clientVersion: "0.0.0-test", backoff: { baseMs: 100, maxMs: 400, maxAttempts: 50 } });
    let again: Awaited<ReturnType<typeof startHttpEverything>> | undefined;
    try {
      await m.add("flaky", { transport: "http", url: `http://127.0.0.1:${server.port}/mcp` });
      await m.settled();
      expect(await echo(m, "flaky", "before")).toEqual({ output: "Echo: before", success: true });
      await server.stop();
      expect(await echo(m, "flaky", "while down")).toEqual({ output: 'MCP tool error: the MCP server "flaky" cannot be reached; Ursa reconnects it in the background.', success: false });
      expect(m.status().find((s) => s.name === "flaky")!.state).not.toBe("connected");
      again = await startHttpEverything("streamableHttp", server.port);
      await until(() => m.status().find((s) => s.name === "flaky")?.state === "connected", "the server to be reconnected");
      expect(await echo(m, "flaky", "after")).toEqual({ output: "Echo: after", success: true });
    } finally {
      await m.close();
      await again?.stop();
    }
  });

  it("notices an idle HTTP server that went away without waiting for a call, by pinging it", async () => {
    const server = await startHttpEverything("streamableHttp");
    const m = new McpServerManager({ settings: store.settings, env: {}, cwd: dir.path, clientVersion: "0.0.0-test", healthCheckMs: 100, backoff: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 50 } });
    let again: Awaited<ReturnType<typeof startHttpEverything>> | undefined;
    const state = () => m.status().find((s) => s.name === "idle");
    try {
      await m.add("idle", { transport: "http", url: `http://127.0.0.1:${server.port}/mcp` });
      await m.settled();
      expect(state()!.state).toBe("connected");
      await server.stop();
      // Read at once: the first reconnection attempt, a second later, replaces the reason.
      const lost = await until(() => (state()?.state !== "connected" ? state() : null), "the lost server to show");
      expect(lost.lastError).toMatch(/^the server stopped answering/);
      again = await startHttpEverything("streamableHttp", server.port);
      await until(() => state()?.state === "connected", "the server to be reconnected");
      expect(await echo(m, "idle", "back")).toEqual({ output: "Echo: back", success: true });
    } finally {
      await m.close();
      await again?.stop();
    }
  });
});
