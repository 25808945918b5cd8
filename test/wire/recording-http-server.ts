import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { appendFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rename, writeFile, readFile } from "node:fs/promises";

/** One request a wire server received, as tests inspect it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names, as node:http reports them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; the raw text when it is not JSON; null when empty. */
  readonly body: unknown;
  /** Resolves when the connection closed before the response was complete (cancellation tests). */
  readonly clientClosed: Promise<void>;
}

/** Writes one response; the server records the request before calling it. */
export type Responder = (request: RecordedRequest, res: ServerResponse) => Promise<void>;

export interface RecordingServer {
  /** Base URL, e.g. "http://127.0.0.1:41234". */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Stops listening and cuts open connections, so stalled streams end too. */
  close(): Promise<void>;
}

export interface RecordingServerOptions {
  /** Called with each request as soon as it is recorded, before it is answered. */
  readonly onRequest?: (request: RecordedRequest) => void;
}

/** An HTTP server on 127.0.0.1 (random port) that records every request and lets `respond` answer. */
export async function startRecordingServer(respond: Responder, options: RecordingServerOptions = {}): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    // A client that leaves while its body is still being read needs no answer.
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let closedEarly!: () => void;
    const clientClosed = new Promise<void>((resolve) => (closedEarly = resolve));
    res.on("close", () => {
      if (!res.writableFinished) closedEarly();
    });
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: flattenHeaders(req),
      body: parseBody(text),
      clientClosed,
    };
    requests.push(recorded);
    options.onRequest?.(recorded);
    try {
      await respond(recorded, res);
    } catch (error) {
      // A bug in a scripted response must fail the test loudly, not hang it.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`wire server failed: ${String(error)}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** Resolves after `ms`, or at once when the client has gone (no point pacing a closed stream). */
export function pause(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once("close", done);
    function done(): void {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    }
  });
}

/** Writes and waits until node handed the bytes to the socket, so a later `destroy()` cannot drop them. */
export function send(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed || res.writableEnded) return Promise.resolve();
  return new Promise((resolve) => res.write(text, () => resolve()));
}

/** Parsed `--script <file> --port-file <file> [--record <file>]` of a standalone wire server. */
export interface StandaloneArgs {
  readonly script: readonly unknown[];
  readonly portFile: string;
  readonly recordFile: string | undefined;
}

export async function readStandaloneArgs(argv: readonly string[]): Promise<StandaloneArgs> {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const scriptFile = value("--script");
  const portFile = value("--port-file");
  if (scriptFile === undefined || portFile === undefined) {
    throw new Error("usage: --script <responses.json> --port-file <path> [--record <requests.jsonl>]");
  }
  const script: unknown = JSON.parse(await readFile(scriptFile, "utf8"));
  if (!Array.isArray(script)) throw new Error(`${scriptFile} must hold a JSON array of responses`);
  return { script, portFile, recordFile: value("--record") };
}

/** Appends each request as one JSON line, synchronously, so the file is complete once the reply is sent. */
export function recordTo(file: string): (request: RecordedRequest) => void {
  return ({ method, path, headers, body }) => appendFileSync(file, JSON.stringify({ method, path, headers, body }) + "\n");
}

/**
 * Publishes the port (written to a temporary file and renamed, so a polling test never reads a
 * half-written number) and closes the server on SIGINT/SIGTERM.
 */
export async function publishPort(server: RecordingServer, portFile: string): Promise<void> {
  await writeFile(`${portFile}.tmp`, String(server.port));
  await rename(`${portFile}.tmp`, portFile);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Up to three non-empty pieces, split on code points so no surrogate pair is cut: how text and JSON are streamed. */
export function splitInThree(text: string): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / 3));
  const parts: string[] = [];
  for (let at = 0; at < chars.length; at += size) parts.push(chars.slice(at, at + size).join(""));
  return parts;
}

/** The ways a stream can break that look the same on every wire. */
export async function breakStream(res: ServerResponse, kind: "drop" | "truncate" | "stall"): Promise<void> {
  switch (kind) {
    case "drop":
      res.socket?.destroy();
      return;
    case "truncate":
      res.end();
      return;
    case "stall":
      await new Promise<void>((resolve) => res.once("close", () => resolve()));
      return;
  }
}

/**
 * Runs `main` when the module is started as a script rather than imported by a test (Node 20
 * has no import.meta.main); a failure is printed with `label` and exits 1.
 */
export function runIfEntryPoint(moduleUrl: string, label: string, main: () => Promise<void>): void {
  let entry = false;
  try {
    entry = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(moduleUrl);
  } catch {
    // argv[1] is not a file, e.g. under `node --eval`.
  }
  if (!entry) return;
  main().catch((error: unknown) => {
    process.stderr.write(`${label}: ${String(error)}\n`);
    process.exit(1);
  });
}
