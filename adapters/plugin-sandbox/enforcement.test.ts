import { createServer, type Server } from "node:http";
import { existsSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/cli.ts";
import { loopbackName, sandboxFixture } from "../../test/support/sandbox.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { NodeHttpClient } from "../node-http-client/mod.ts";
import * as addressPolicy from "../../plugins/web-fetch/address-policy.ts";
import type { SandboxedPlugin } from "./sandboxed-plugin.ts";

/** An HTTP server on 127.0.0.1 (or another address) that answers every request with `body`. */
async function serveOnLoopback(body: string, address = "127.0.0.1"): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const LOOPBACK_NAME = await loopbackName();

const REACH = [{ name: "Reach", description: "reach", parameters: { type: "object" } }];

// The enforcement matrix: each way out, tried by a plugin on each runtime, refused by the
// runtime (direct attempts) or by Ursa's broker (ctx attempts); what was granted still works.
describe.each(["node", "deno"] as const)("the sandbox on %s", (runtime) => {
  let server: Server;
  let port = 0;
  const outside = tempDir("ursa-outside-");
  const secretFile = join(outside, "secret.txt");
  const secretModule = join(outside, "secret.mjs");
  const started: SandboxedPlugin[] = [];

  beforeAll(async () => {
    writeFileSync(secretFile, "top secret");
    writeFileSync(secretModule, 'export default "leaked by import";');
    ({ server, port } = await serveOnLoopback("hello from the granted host"));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  const reach = async (input: Record<string, unknown>, granted: Record<string, unknown> = {}, policy?: typeof addressPolicy) => {
    const f = sandboxFixture("sandbox-overreach", {
      runtime, tools: REACH, ...(policy ? { addressPolicy: async () => policy } : {}), env: { GRANTED_VAR: "visible", SECRET_VAR: "hidden", HOME: "/root" },
      granted: { fs: { read: ["${project}"], write: [] }, net: ["127.0.0.1"], env: ["GRANTED_VAR"], ...granted },
    });
    started.push(f.plugin);
    writeFileSync(join(f.project, "inside.txt"), "project file");
    const { ctx } = makeToolContext(f.project);
    const withProject = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === "string" ? v.replace("<project>", f.project) : v]));
    const result = await f.tool("Reach").execute(withProject, ctx);
    return { output: result.output.replaceAll(f.project, "<project>"), denied: f.plugin.status().denied, reported: f.denied, project: f.project };
  };

  it("ctx.fs: a granted read works, one outside the grant is refused by Ursa and counted", async () => {
    expect(await reach({ what: "ctx-fs", path: "<project>/inside.txt" })).toMatchObject({ output: "allowed: project file", denied: 0 });
    const f = await reach({ what: "ctx-fs", path: secretFile });
    expect(f.output).toBe(`denied: Error: permission denied: fs.read ${secretFile} (granted: \${project})`);
    expect(f.denied).toBe(1);
  });

  it("ctx.fs writes only during a call, to what it declared: a write made after the call returned is refused", async () => {
    const later = await reach({ what: "write-later", path: "<project>/later.txt" }, { fs: { read: ["${project}"], write: ["${project}"] } });
    expect(later.output).toBe("allowed: scheduled");
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(join(later.project, "later.txt"))).toBe(false);
  });

  // The runtime's refusal reaches the plugin (and through it the model) in Ursa's words, as the
  // broker's read: never the runtime's advice to run again with a flag.
  const refusedByRuntime = (what: string) => `${runtime === "node" ? "ERR_ACCESS_DENIED" : "NotCapable"}: permission denied: ${what} (not granted to this plugin; its grants: ursa plugin list)`;

  it("the runtime's own file API cannot read outside the plugin's package, not even the project", async () => {
    const secret = await reach({ what: "direct-fs", path: secretFile });
    expect(secret.output).toBe(`denied: ${refusedByRuntime(`fs.read ${secretFile}`)}`);
    // Refused by the runtime, caught by the plugin, counted all the same (as the broker counts its own).
    expect(secret.denied).toBe(1);
    const project = await reach({ what: "direct-fs", path: "<project>/inside.txt" });
    expect(project.output).toBe(`denied: ${refusedByRuntime("fs.read <project>/inside.txt")}`);
    const write = await reach({ what: "direct-write", path: join(outside, "pwned.txt") });
    expect(write.output).toBe(`denied: ${refusedByRuntime(`fs.write ${join(outside, "pwned.txt")}`)}`);
    expect(existsSync(join(outside, "pwned.txt"))).toBe(false);
  });

  it("a plugin that replaces built-ins and rewrites the error cannot hide its refusals or rename them", async () => {
    const hidden = await reach({ what: "hide-refusals", path: secretFile });
    // The plugin caught both refusals and returned their messages, which stay in Ursa's words.
    const words = refusedByRuntime(`fs.read ${secretFile}`).replace(/^\w+: /, "");
    expect(hidden.output).toBe(`allowed: ${words} | ${words}`);
    expect(hidden.denied).toBe(2);
    expect(hidden.reported).toEqual([`fs.read ${secretFile}`, `fs.read ${secretFile}`]);
  });

  it("a computed import of a module outside its package is refused", async () => {
    expect((await reach({ what: "import", url: pathToFileURL(secretModule).href })).output).toMatch(/^denied/);
  });

  it("the network: the granted host answers, another host (by name, or DNS) does not", async () => {
    expect(await reach({ what: "fetch", url: `http://127.0.0.1:${port}/` })).toMatchObject({ output: "allowed: hello from the granted host", denied: 0 });
    expect(await reach({ what: "fetch", url: `http://localhost:${port}/` })).toMatchObject({ output: expect.stringMatching(/^denied/), denied: 1 });
    expect((await reach({ what: "socket", host: "localhost", port })).output).toMatch(/^denied/);
    expect((await reach({ what: "dns", host: "example.com" })).output).toMatch(/^denied/);
    // A granted name resolved by a lookup of the plugin's own (to loopback) reaches nothing.
    expect((await reach({ what: "socket-own-lookup", host: "example.com", port }, { net: ["example.com"] })).output).toMatch(/^denied/);
    expect((await reach({ what: "ctx-http", url: `http://127.0.0.1:${port}/` })).output).toBe("allowed: hello from the granted host");
    const viaCtx = await reach({ what: "ctx-http", url: `http://localhost:${port}/` });
    expect(viaCtx.output).toBe(`denied: Error: permission denied: net localhost:${port} (granted: 127.0.0.1)`);
    expect(viaCtx.denied).toBe(1);
  });

  // The reviewer's case: a granted name whose DNS answers loopback. The machine's own name
  // does on most Linux systems (/etc/hosts: 127.0.0.1 or 127.0.1.1), with no resolver to fake.
  it.skipIf(!LOOPBACK_NAME)("a granted name that resolves to this machine is refused to the plugin's own fetch, sockets and http; localhost granted is meant", async () => {
    const { name, address } = LOOPBACK_NAME!;
    const local = await serveOnLoopback("hello from this machine", address);
    try {
      const net = { net: [name] };
      const refused = runtime === "node" ? /^denied: ERR_ACCESS_DENIED: permission denied: net .*resolves to 127\./ : /^denied: .*(NotCapable|Requires net access to "127\.)/;
      expect((await reach({ what: "fetch", url: `http://${name}:${local.port}/` }, net)).output).toMatch(refused);
      expect((await reach({ what: "socket", host: name, port: local.port }, net)).output).toMatch(refused);
      expect((await reach({ what: "http-request", url: `http://${name}:${local.port}/` }, net)).output).toMatch(refused);
      expect((await reach({ what: "tls", host: name, port: local.port }, net)).output).toMatch(refused);
      // Named on purpose, this machine is reached, the name and the address alike.
      expect((await reach({ what: "fetch", url: `http://localhost:${port}/` }, { net: ["localhost"] })).output).toBe("allowed: hello from the granted host");
      expect((await reach({ what: "http-request", url: `http://localhost:${port}/` }, { net: ["localhost", name] })).output).toBe("allowed: status 200");
      expect((await reach({ what: "fetch", url: `http://${address}:${local.port}/` }, { net: [address, name] })).output).toBe("allowed: hello from this machine");
      // Where the policy takes loopback for public, the name is reached through the checked answer.
      const loopbackPublic = { ...addressPolicy, deniedRanges: () => addressPolicy.deniedRanges().filter((r) => r.range !== "loopback") };
      expect((await reach({ what: "fetch", url: `http://${name}:${local.port}/` }, net, loopbackPublic)).output).toBe("allowed: hello from this machine");
      expect((await reach({ what: "socket", host: name, port: local.port }, net, loopbackPublic)).output).toBe("allowed: connected");
      expect((await reach({ what: "http-request", url: `http://${name}:${local.port}/` }, net, loopbackPublic)).output).toBe("allowed: status 200");
    } finally {
      await new Promise<void>((resolve) => local.server.close(() => resolve()));
    }
  });

  it("the environment: only the granted variable is there", async () => {
    const env = await reach({ what: "env" });
    expect(env.output).toMatch(/^allowed: GRANTED_VAR=visible SECRET_VAR=(\(unset\)|denied \(NotCapable\)) HOME=(\(unset\)|denied \(NotCapable\))$/);
    // Deno refuses the two reads (counted); Node passes only the granted variable, so nothing is refused.
    expect(env.denied).toBe(runtime === "deno" ? 2 : 0);
  });

  it("processes: spawning is refused by the runtime, ctx.process by Ursa without a run grant", async () => {
    const spawn = await reach({ what: "spawn" });
    // Deno's child_process asks for the environment first, and that is what it refuses.
    expect(spawn).toMatchObject({ output: `denied: ${refusedByRuntime(runtime === "node" ? "run" : "env")}`, denied: 1 });
    expect(spawn.output).not.toContain("--allow");
    const run = await reach({ what: "ctx-run" });
    expect(run.output).toBe("denied: Error: permission denied: run id (no run grant)");
    expect(run.denied).toBe(1);
    expect((await reach({ what: "ctx-run" }, { run: true })).output).toMatch(/^allowed: uid=/);
  });
});

// ctx.http to a granted name is served by Ursa: the name must not lead to this machine or the
// local network (a DNS answer the plugin's author controls), unless the grant names such a place
// itself. The broker is the same on both runtimes; Node's child is enough.
describe("ctx.http and what a granted name resolves to", () => {
  let server: Server;
  let port = 0;
  const started: SandboxedPlugin[] = [];
  beforeAll(async () => {
    ({ server, port } = await serveOnLoopback("hello from loopback"));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  /** Every name resolves as `answers` says, in turn (the last answer repeats): a DNS server the plugin's author runs. */
  const reach = async (url: string, net: string[], answers: string[][], policy = addressPolicy) => {
    const asked: string[] = [];
    const resolve = async (hostname: string) => answers[Math.min(asked.push(hostname), answers.length) - 1]!;
    const f = sandboxFixture("sandbox-overreach", {
      runtime: "node", tools: REACH, granted: { net }, http: new NodeHttpClient({ resolve }), addressPolicy: async () => policy,
    });
    started.push(f.plugin);
    const { ctx } = makeToolContext(f.project);
    const result = await f.tool("Reach").execute({ what: "ctx-http", url }, ctx);
    return { output: result.output, denied: f.plugin.status().denied, asked };
  };

  it("a granted name that resolves to loopback is refused, and counted", async () => {
    const refused = await reach(`http://granted.test:${port}/`, ["granted.test"], [["127.0.0.1"]]);
    expect(refused.output).toBe(`denied: Error: permission denied: net granted.test:${port} (granted.test resolves to 127.0.0.1, which is not a public address; grant the address or localhost itself to allow it)`);
    expect(refused.denied).toBe(1);
    const mixed = await reach(`http://granted.test:${port}/`, ["granted.test"], [["93.184.216.34", "10.0.0.7"]]);
    expect(mixed.output).toContain("granted.test resolves to 10.0.0.7, which is not a public address");
  });

  it("the address that was checked is the one connected to: a second answer (rebinding to loopback) is never asked for", async () => {
    // 127.0.0.2 passes for public here; nothing listens there, the server is on 127.0.0.1.
    const rebinding = await reach(`http://granted.test:${port}/`, ["granted.test"], [["127.0.0.2"], ["127.0.0.1"]], { ...addressPolicy, isPublicAddress: (ip) => ip === "127.0.0.2" });
    expect(rebinding.output).toMatch(/^denied: Error: .*ECONNREFUSED 127\.0\.0\.2/);
    expect(rebinding.asked).toEqual(["granted.test"]);
  });

  it("a grant that names localhost or a private address itself is meant: it is reached", async () => {
    expect((await reach(`http://localhost:${port}/`, ["localhost"], [["127.0.0.1"]])).output).toBe("allowed: hello from loopback");
    expect((await reach(`http://127.0.0.1:${port}/`, ["127.0.0.1"], [])).output).toBe("allowed: hello from loopback");
  });
});

// Deno's --deny-net takes no IPv6 ranges: a granted name whose answer is a non-public IPv6
// address it cannot refuse keeps the plugin from starting, with the reason in one line.
describe("a Deno child and a granted name that resolves to a private IPv6 address", () => {
  const started: SandboxedPlugin[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  const start = (answers: string[], net = ["granted.test"]) => {
    const f = sandboxFixture("sandbox-overreach", {
      runtime: "deno", tools: REACH, granted: { net }, http: new NodeHttpClient({ resolve: async () => answers }),
    });
    started.push(f.plugin);
    const { ctx } = makeToolContext(f.project);
    return f.tool("Reach").execute({ what: "env" }, ctx);
  };

  it("is not started; a public answer starts it, and so does a grant of the address itself", async () => {
    await expect(start(["fd00::7"])).rejects.toThrow("the plugin test.sandbox-overreach was not started: its net grant granted.test resolves to fd00::7, which is not a public address (and Deno cannot refuse IPv6 ranges); grant the address itself to allow it");
    expect((await start(["2606:4700::1111", "93.184.216.34"])).output).toMatch(/^allowed: /);
    expect((await start(["fd00::7"], ["[fd00::7]"])).output).toMatch(/^allowed: /);
  });
});
