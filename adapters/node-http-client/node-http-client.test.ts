import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { NodeHttpClient } from "./node-http-client.ts";

describe("NodeHttpClient", () => {
  let server: Server;
  let base: string;
  const requests: { path: string; headers: Record<string, unknown> }[] = [];
  const client = new NodeHttpClient();
  const get = (path: string, maxBytes = 1_000_000, signal = new AbortController().signal) => client.get(`${base}${path}`, { signal, maxBytes, headers: { accept: "text/plain" } });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ path: req.url ?? "", headers: req.headers });
      switch (req.url) {
        case "/redirect":
          return void res.writeHead(302, { location: "/target", "X-Custom": "Yes" }).end("moved");
        case "/target":
          return void res.writeHead(200).end("target");
        case "/big":
          res.writeHead(200, { "content-type": "text/plain" });
          for (let i = 0; i < 100; i++) res.write("0123456789".repeat(100));
          return void res.end();
        case "/utf8":
          return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ab€");
        case "/latin1":
          return void res.writeHead(200, { "content-type": "text/html; charset=ISO-8859-1" }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
        case "/unknown-charset":
          return void res.writeHead(200, { "content-type": "text/plain; charset=klingon" }).end("plain");
        case "/gone":
          return void res.writeHead(410, { "content-type": "text/plain" }).end("gone for good");
        case "/gzip":
          return void res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(gzipSync("compressed text"));
        case "/slow":
          return;
        default:
          return void res.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => void (requests.length = 0));

  it("returns a redirect as it is, without following it, with lower-cased header names", async () => {
    const response = await get("/redirect");
    expect(response.status).toBe(302);
    expect(response.headers["location"]).toBe("/target");
    expect(response.headers["x-custom"]).toBe("Yes");
    expect(response.body).toBe("moved");
    expect(requests.map((r) => r.path)).toEqual(["/redirect"]);
  });

  it("sends its user agent and the caller's headers", async () => {
    await get("/target");
    expect(requests[0]!.headers["user-agent"]).toBe("ursa (terminal coding agent)");
    expect(requests[0]!.headers["accept"]).toBe("text/plain");
  });

  it("cuts the body at maxBytes and says so", async () => {
    const cut = await get("/big", 2_500);
    expect(cut.body).toBe("0123456789".repeat(250));
    expect(cut.truncated).toBe(true);
    const whole = await get("/big", 100_000);
    expect(whole.body).toHaveLength(100_000);
    expect(whole.truncated).toBe(false);
  });

  it("drops a multi-byte character cut at the limit instead of garbling it", async () => {
    expect(await get("/utf8", 4)).toMatchObject({ body: "ab", truncated: true });
    expect(await get("/utf8", 5)).toMatchObject({ body: "ab€", truncated: false });
  });

  it("decodes the declared charset, and UTF-8 when it is unknown", async () => {
    expect((await get("/latin1")).body).toBe("café");
    expect((await get("/unknown-charset")).body).toBe("plain");
  });

  it("decodes a gzip-encoded body", async () => {
    expect((await get("/gzip")).body).toBe("compressed text");
  });

  it("returns an error status rather than throwing", async () => {
    expect(await get("/gone")).toEqual({ status: 410, headers: expect.objectContaining({ "content-type": "text/plain" }), body: "gone for good", truncated: false });
  });

  it("names the cause of a network failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(client.get(`http://127.0.0.1:${port}/`, { signal: new AbortController().signal, maxBytes: 10 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = get("/slow", 10, controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("resolves localhost to a loopback address", async () => {
    const addresses = await client.resolveHost("localhost", new AbortController().signal);
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every((a) => a === "::1" || a.startsWith("127."))).toBe(true);
  });

  it("refuses to resolve with an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client.resolveHost("localhost", controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });
});
