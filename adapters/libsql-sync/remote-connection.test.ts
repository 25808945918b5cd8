import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RemoteConnection, RemoteFailure } from "./remote-connection.ts";

/** An HTTP server answering each request with the next of `replies`: a status and text, or a cut connection. */
async function serve(replies: ReadonlyArray<{ status: number; text: string } | "cut">): Promise<{ server: Server; url: string }> {
  const queue = [...replies];
  const server = createServer((req, res) => {
    req.resume();
    const reply = queue.shift() ?? "cut";
    if (reply === "cut") res.socket?.destroy();
    else res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.text);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("what a failed request is called", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const failureOf = async (replies: Parameters<typeof serve>[0], work: (run: (sql: string) => Promise<unknown>) => Promise<unknown>, scheme = "http"): Promise<RemoteFailure> => {
    const served = await serve(replies);
    server = served.server;
    const remote = await RemoteConnection.open(served.url.replace(/^http/, scheme), "token", 5_000);
    try {
      const error = await remote.run(AbortSignal.timeout(10_000), (client) => work((sql) => client.execute(sql))).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteFailure);
      return error as RemoteFailure;
    } finally {
      remote.close();
    }
  };

  it("a refusal is named by its status, with the server's reason", async () => {
    const failure = await failureOf([{ status: 403, text: "Authorization forbidden" }], (run) => run("ALTER TABLE t ADD COLUMN c"));
    expect([failure.state, failure.message]).toEqual(["read_only", "403 Authorization forbidden"]);
  });

  it("a cut connection after a refusal the work accepted is offline, not that refusal", async () => {
    const failure = await failureOf([{ status: 403, text: "Authorization forbidden" }, "cut"], async (run) => {
      await run("ALTER TABLE t ADD COLUMN c").catch(() => undefined);
      await run("SELECT 1");
    });
    expect(failure.state).toBe("offline");
    expect(failure.message).toMatch(/^cannot reach 127\.0\.0\.1:\d+/);
  });

  it("libsql:// or https:// to a server without TLS says that it means TLS, and the http:// URL to use", async () => {
    for (const scheme of ["libsql", "https"]) {
      const failure = await failureOf([{ status: 200, text: "" }], (run) => run("SELECT 1"), scheme);
      const port = (server!.address() as AddressInfo).port;
      expect([failure.state, failure.message]).toEqual(["offline",
        `cannot reach 127.0.0.1:${port} (ERR_SSL_WRONG_VERSION_NUMBER); ${scheme}:// means TLS: a server without it (a local sqld) takes http://127.0.0.1:${port}`]);
      await new Promise<void>((r) => server!.close(() => r()));
      server = null;
    }
  });
});
