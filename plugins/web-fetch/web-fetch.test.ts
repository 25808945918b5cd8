import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NodeHttpClient } from "../../adapters/node-http-client/mod.ts";
import type { HttpClient } from "../../core/ports/http-client.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { isPublicAddress } from "./address-policy.ts";
import { webFetchTool } from "./mod.ts";

/** An HttpClient that must not be used for requests; DNS answers come from a table. */
function fakeHttp(dns: Record<string, string[]> = {}) {
  const calls = { get: [] as string[], resolve: [] as string[] };
  const http: HttpClient = {
    async get(url) {
      calls.get.push(url);
      return { status: 200, headers: { "content-type": "text/plain" }, body: "fetched", truncated: false };
    },
    async resolveHost(hostname) {
      calls.resolve.push(hostname);
      return dns[hostname] ?? [];
    },
  };
  return { http, calls };
}

const ctx = () => makeToolContext("/p").ctx;

describe("WebFetch refuses non-public destinations (strict default policy)", () => {
  it.each([
    ["http://127.0.0.1:8080/", "127.0.0.1 is not a public address"],
    ["http://localhost/admin", "localhost is a local or internal host name"],
    ["http://api.localhost/", "api.localhost is a local or internal host name"],
    ["http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a local or internal host name"],
    ["http://nas.local/", "nas.local is a local or internal host name"],
    ["http://10.0.0.1/", "10.0.0.1 is not a public address"],
    ["http://[::1]:3000/", "::1 is not a public address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is not a public address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not a public address"],
    ["http://2130706433/", "127.0.0.1 is not a public address"],
    ["https://0x7f.1/", "127.0.0.1 is not a public address"],
  ])("%s", async (url, reason) => {
    const { http, calls } = fakeHttp();
    const result = await webFetchTool(http).execute({ url }, ctx());
    expect(result.success).toBe(false);
    expect(result.output).toContain(`Error: refused to fetch ${new URL(url).href}: ${reason} (only public addresses may be fetched).`);
    expect(calls.get).toEqual([]);
  });

  it("refuses a name that resolves to a private address, even among public ones", async () => {
    const { http, calls } = fakeHttp({ "rebind.example": ["93.184.216.34", "10.1.2.3"], "private.example": ["192.168.0.7"] });
    const tool = webFetchTool(http);
    expect((await tool.execute({ url: "http://rebind.example/" }, ctx())).output).toContain("rebind.example resolves to 10.1.2.3, which is not a public address");
    expect((await tool.execute({ url: "http://private.example/" }, ctx())).output).toContain("private.example resolves to 192.168.0.7");
    expect(calls.resolve).toEqual(["rebind.example", "private.example"]);
    expect(calls.get).toEqual([]);
  });

  it("fetches a name that resolves only to public addresses", async () => {
    const { http, calls } = fakeHttp({ "example.com": ["93.184.216.34", "2606:2800:220:1::1"] });
    const result = await webFetchTool(http).execute({ url: "https://example.com/x" }, ctx());
    expect(result).toEqual({ output: "https://example.com/x (HTTP 200, text/plain)\n\nfetched", success: true });
    expect(calls.get).toEqual(["https://example.com/x"]);
  });

  it("refuses a name that does not resolve, and URLs that are not http(s)", async () => {
    const { http, calls } = fakeHttp();
    expect((await webFetchTool(http).execute({ url: "http://nowhere.example/" }, ctx())).output).toContain("nowhere.example could not be resolved");
    expect((await webFetchTool(http).execute({ url: "file:///etc/passwd" }, ctx())).output).toBe('Error: "file:///etc/passwd" is not an http:// or https:// URL.');
    expect((await webFetchTool(http).execute({ url: "not a url" }, ctx())).output).toBe('Error: "not a url" is not an http:// or https:// URL.');
    expect(calls.get).toEqual([]);
  });

  it("is read-only", () => {
    expect(webFetchTool(fakeHttp().http).classify({ url: "https://example.com" })).toBe("read_only");
  });
});

describe("WebFetch against a local server", () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    "/page": (_, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<html><head><title>Ursa &amp; friends</title><script>alert("x")</script></head><body><h1>Hello</h1><p>See the <a href="/docs">docs</a>.</p></body></html>`);
    },
    "/start": (_, res) => void res.writeHead(302, { location: "/middle?x=1" }).end(),
    "/middle": (_, res) => void res.writeHead(301, { location: `${base}/page` }).end(),
    "/to-metadata": (_, res) => void res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    "/to-self": (_, res) => void res.writeHead(302, { location: "/page" }).end(),
    "/to-file": (_, res) => void res.writeHead(302, { location: "file:///etc/passwd" }).end(),
    "/missing": (_, res) => void res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not here</h1>"),
    "/big": (_, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("y".repeat(50_000)),
    "/json": (_, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}'),
    "/image": (_, res) => void res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    "/slow": () => {},
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      requests.push(url.pathname + url.search);
      const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
      if (hops) return void res.writeHead(302, { location: Number(hops[1]) > 0 ? `/hops/${Number(hops[1]) - 1}` : "/page" }).end();
      (routes[url.pathname] ?? ((_, r: ServerResponse) => void r.writeHead(500).end()))(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => void (requests.length = 0));

  const loopback = (ip: string) => ip === "127.0.0.1";
  const tool = (options: Parameters<typeof webFetchTool>[1] = { allowAddress: loopback }) => webFetchTool(new NodeHttpClient(), options);

  it("converts HTML to markdown", async () => {
    const result = await tool().execute({ url: `${base}/page` }, ctx());
    expect(result).toEqual({ output: `${base}/page (HTTP 200, text/html)\n\nUrsa & friends\n\n# Hello\n\nSee the [docs](/docs).`, success: true });
  });

  it("returns the HTML itself with raw", async () => {
    const result = await tool().execute({ url: `${base}/page`, raw: true }, ctx());
    expect(result.output).toContain('<script>alert("x")</script>');
  });

  it("follows a chain of relative and absolute redirects, checking each hop", async () => {
    const checked: string[] = [];
    const result = await tool({ allowAddress: (ip) => checked.push(ip) > 0 && loopback(ip) }).execute({ url: `${base}/start` }, ctx());
    expect(result.output).toBe(`${base}/page (HTTP 200, text/html, redirected from ${base}/start)\n\nUrsa & friends\n\n# Hello\n\nSee the [docs](/docs).`);
    expect(requests).toEqual(["/start", "/middle?x=1", "/page"]);
    expect(checked).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  });

  it("follows 5 redirects and refuses a sixth", async () => {
    expect((await tool().execute({ url: `${base}/hops/4` }, ctx())).success).toBe(true);
    requests.length = 0;
    const result = await tool().execute({ url: `${base}/hops/5` }, ctx());
    expect(result.output).toBe(`Error: ${base}/hops/5 redirected more than 5 times; stopped at ${base}/hops/0.`);
    expect(requests).toEqual(["/hops/5", "/hops/4", "/hops/3", "/hops/2", "/hops/1", "/hops/0"]);
  });

  it("refuses a redirect to a private address and never contacts it", async () => {
    let hops = 0;
    const firstHopOnly = () => hops++ === 0;
    const result = await tool({ allowAddress: firstHopOnly }).execute({ url: `${base}/to-self` }, ctx());
    expect(result.output).toBe(`Error: refused to follow redirect 1 to ${base}/page: 127.0.0.1 is not a public address (only public addresses may be fetched).`);
    expect(requests).toEqual(["/to-self"]);
  });

  it("refuses a redirect to the metadata service with a policy that allows this server", async () => {
    const result = await tool({ allowAddress: (ip) => loopback(ip) || isPublicAddress(ip) }).execute({ url: `${base}/to-metadata` }, ctx());
    expect(result.output).toMatch(/^Error: refused to follow redirect 1 to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: 169\.254\.169\.254 is not a public address/);
  });

  it("refuses a redirect to a non-http URL", async () => {
    expect((await tool().execute({ url: `${base}/to-file` }, ctx())).output).toBe(`Error: ${base}/to-file redirected to "file:///etc/passwd", which is not an http(s) URL.`);
  });

  it("reports a non-2xx status with the start of the page", async () => {
    expect(await tool().execute({ url: `${base}/missing` }, ctx())).toEqual({ output: `Error: ${base}/missing returned HTTP 404.\n\n# Not here`, success: false });
  });

  it("truncates the body to caps.webBodyChars with a note", async () => {
    const context = ctx();
    const result = await tool().execute({ url: `${base}/big` }, context);
    const cap = context.caps.webBodyChars;
    expect(result.output).toBe(`${base}/big (HTTP 200, text/plain)\n\n${"y".repeat(cap)}\n\n[TRUNCATED: the body is 50000 characters; showed the first ${cap}.]`);
  });

  it("returns JSON as it is and refuses binary content", async () => {
    expect((await tool().execute({ url: `${base}/json` }, ctx())).output).toBe(`${base}/json (HTTP 200, application/json)\n\n{"a":1}`);
    expect(await tool().execute({ url: `${base}/image` }, ctx())).toEqual({ output: `Error: ${base}/image is image/png, not text; its content is not shown.`, success: false });
  });

  it("gives up after the overall timeout", async () => {
    const result = await tool({ allowAddress: loopback, timeoutMs: 200 }).execute({ url: `${base}/slow` }, ctx());
    expect(result).toEqual({ output: `Error: fetching ${base}/slow timed out after 0.2 s.`, success: false });
  });

  it("lets an interrupted turn's abort through", async () => {
    const controller = new AbortController();
    const pending = tool().execute({ url: `${base}/slow` }, makeToolContext("/p", { signal: controller.signal }).ctx);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
  });

  it("reports a connection failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await tool().execute({ url: `http://127.0.0.1:${port}/` }, ctx());
    expect(result.output).toMatch(new RegExp(`^Error: fetching http://127\\.0\\.0\\.1:${port}/ failed: .*ECONNREFUSED`));
  });
});

describe("a rebinding DNS answer (public first, loopback next) never reaches loopback", () => {
  // The "public" service listens on 127.0.0.2 (the policy below treats it as public); the one the
  // rebinding answer points at listens on 127.0.0.1, on the same port.
  const hits = { vetted: [] as string[], loopback: [] as string[] };
  let vetted: Server;
  let loopback: Server;
  let port = 0;
  const listen = (server: Server, host: string, at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(at, host, () => resolve());
    });
  beforeAll(async () => {
    for (let attempt = 0; attempt < 10 && port === 0; attempt++) {
      vetted = createServer((req, res) => {
        hits.vetted.push(`${req.headers.host}${req.url}`);
        if (req.url === "/hop") return void res.writeHead(302, { location: `http://rebind.test:${port}/after-redirect` }).end();
        res.writeHead(200, { "content-type": "text/plain" }).end("the public page");
      });
      await listen(vetted, "127.0.0.2", 0);
      const candidate = (vetted.address() as AddressInfo).port;
      loopback = createServer((req, res) => {
        hits.loopback.push(`${req.headers.host}${req.url}`);
        res.writeHead(200, { "content-type": "text/plain" }).end("SECRET from loopback");
      });
      try {
        await listen(loopback, "127.0.0.1", candidate);
        port = candidate;
      } catch {
        await new Promise((resolve) => vetted.close(resolve));
      }
    }
  });
  afterAll(async () => {
    await Promise.all([vetted, loopback].map((s) => new Promise((resolve) => s.close(resolve))));
  });
  beforeEach(() => {
    hits.vetted.length = 0;
    hits.loopback.length = 0;
  });

  /** A resolver that answers the vetted address once, then 127.0.0.1 (TTL 0), as an attacker's DNS would. */
  function rebindingResolver() {
    const asked: string[] = [];
    const resolve = async (hostname: string) => {
      asked.push(hostname);
      return asked.length === 1 ? ["127.0.0.2"] : ["127.0.0.1"];
    };
    return { resolve, asked };
  }
  const policy = (ip: string) => ip === "127.0.0.2";

  it("connects to the address that was checked, with the name in the Host header; the name is looked up once", async () => {
    const dns = rebindingResolver();
    const result = await webFetchTool(new NodeHttpClient({ resolve: dns.resolve }), { allowAddress: policy }).execute({ url: `http://rebind.test:${port}/page` }, ctx());
    expect(result.output).toContain("the public page");
    expect(hits.vetted).toEqual([`rebind.test:${port}/page`]);
    expect(hits.loopback).toEqual([]);
    expect(dns.asked).toEqual(["rebind.test"]);
  });

  it("checks the name again for a redirect hop, and refuses it when it now resolves to loopback", async () => {
    const dns = rebindingResolver();
    const result = await webFetchTool(new NodeHttpClient({ resolve: dns.resolve }), { allowAddress: policy }).execute({ url: `http://rebind.test:${port}/hop` }, ctx());
    expect(result.success).toBe(false);
    expect(result.output).toContain("rebind.test resolves to 127.0.0.1, which is not a public address");
    expect(hits.loopback).toEqual([]);
  });

  it("the client on its own also connects to the first answer only", async () => {
    const dns = rebindingResolver();
    const client = new NodeHttpClient({ resolve: dns.resolve });
    const response = await client.get(`http://rebind.test:${port}/page`, { signal: new AbortController().signal, maxBytes: 1000 });
    expect(response.body).toBe("the public page");
    expect(hits.loopback).toEqual([]);
  });
});
