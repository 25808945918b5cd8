import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { trackChild, untrackChild } from "./child-reaper.ts";
import { expandEnv, expandEnvMap } from "./expand-env.ts";
import { loadClientSdk, loadHttpSdk } from "./sdk.ts";
import type { McpHttpConfig, McpServerConfig, McpStdioConfig } from "./server-config.ts";

export type TransportKind = "stdio" | "http" | "sse";

/** A client that finished `initialize`. */
export interface OpenedClient {
  readonly client: Client;
  readonly kind: TransportKind;
  /** The stdio server's process id. */
  readonly pid: number | null;
  /** Closes the client and waits (bounded) until a stdio server has exited. */
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly config: McpServerConfig;
  /** Ursa's environment: the base of a stdio server's, and where `${VAR}` references come from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What a stdio server inherits: `env` without Ursa's secrets (its configuration may pass them on). */
  readonly inheritedEnv: Readonly<Record<string, string | undefined>>;
  /** Where a stdio server runs unless its configuration names a directory. */
  readonly cwd: string;
  readonly clientInfo: { readonly name: string; readonly version: string };
  /** Aborted at the startup deadline or when the server is removed. */
  readonly signal: AbortSignal;
  /** The last lines a stdio server wrote to stderr, for error messages. */
  readonly stderr: StderrTail;
  /** Set up before `initialize`, so no early notification is missed. */
  readonly prepare: (client: Client) => void;
  /** Called when a terminating signal reaches Ursa (the server is being killed). */
  readonly onTerminate: () => void;
}

// How long closing waits for a stdio server to exit; the SDK escalates to SIGTERM and SIGKILL within it.
const EXIT_WAIT_MS = 5_000;

/** Connects and initializes; on failure everything started is closed and the error says what went wrong. */
export async function openClient(o: OpenOptions): Promise<OpenedClient> {
  return o.config.transport === "stdio" ? openStdio(o, o.config) : openHttp(o, o.config);
}

async function openStdio(o: OpenOptions, config: McpStdioConfig): Promise<OpenedClient> {
  const sdk = await loadClientSdk();
  const command = expandEnv(config.command, o.env);
  const transport = new sdk.StdioClientTransport({
    command,
    args: config.args.map((a) => expandEnv(a, o.env)),
    // The SDK passes only a few variables by default; servers run as the user, with the user's
    // environment (PATH for npx, proxies, tokens they are configured to read), but not Ursa's
    // secrets unless their configuration names them.
    env: { ...defined(o.inheritedEnv), ...expandEnvMap(config.env, o.env) },
    cwd: config.cwd ? expandEnv(config.cwd, o.env) : o.cwd,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer | string) => o.stderr.append(chunk.toString()));
  let pid: number | null = null;
  let markExited = (): void => {};
  const exited = new Promise<void>((resolve) => (markExited = resolve));
  transport.onclose = () => {
    if (pid !== null) untrackChild(pid);
    markExited();
  };
  // The process id is known only once the transport has spawned it, inside `connect`; the
  // reaper must know it from then on, in case Ursa is killed while the server hangs.
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    pid = transport.pid;
    if (pid !== null) trackChild(pid, o.onTerminate);
  };
  const client = new sdk.Client(o.clientInfo, { capabilities: {} });
  o.prepare(client);
  const close = async (): Promise<void> => {
    await client.close().catch(() => {});
    if (pid !== null) await Promise.race([exited, delay(EXIT_WAIT_MS)]);
  };
  try {
    await client.connect(transport, { signal: o.signal, timeout: 2 ** 31 - 1 });
  } catch (error) {
    await close();
    throw new Error(stdioFailure(error, command, o));
  }
  return { client, kind: "stdio", pid, close };
}

async function openHttp(o: OpenOptions, config: McpHttpConfig): Promise<OpenedClient> {
  const [sdk, http] = await Promise.all([loadClientSdk(), loadHttpSdk()]);
  const url = new URL(expandEnv(config.url, o.env));
  const requestInit = { headers: expandEnvMap(config.headers, o.env) };
  const attempt = async (kind: "http" | "sse", transport: Transport): Promise<OpenedClient> => {
    const client = new sdk.Client(o.clientInfo, { capabilities: {} });
    o.prepare(client);
    const close = (): Promise<void> => client.close().catch(() => {});
    try {
      await client.connect(transport, { signal: o.signal, timeout: 2 ** 31 - 1 });
    } catch (error) {
      await close();
      throw error;
    }
    return { client, kind, pid: null, close };
  };
  try {
    return await attempt("http", new http.StreamableHTTPClientTransport(url, { requestInit }));
  } catch (streamableError) {
    if (o.signal.aborted) throw abortReason(o.signal);
    // Servers from before Streamable HTTP (2024-11-05) speak HTTP+SSE on the same URL.
    try {
      return await attempt("sse", new http.SSEClientTransport(url, { requestInit }));
    } catch (sseError) {
      if (o.signal.aborted) throw abortReason(o.signal);
      const denied = [streamableError, sseError].some((e) => [401, 403].includes(httpStatus(e) ?? 0));
      const hint = denied ? "; the server refused the credentials: check the configured headers" : "";
      throw new Error(`could not connect to ${url.href}: ${httpMessage(streamableError)} (as SSE: ${httpMessage(sseError)})${hint}`);
    }
  }
}

function stdioFailure(error: unknown, command: string, o: OpenOptions): string {
  if (o.signal.aborted) return message(abortReason(o.signal));
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return `command not found: ${command}`;
  if (code === "EACCES") return `permission denied running ${command}`;
  const said = o.stderr.text();
  // The SDK reports a server that exited as "Connection closed"; its stderr says why.
  if (code === -32000) return `the server exited during startup${said ? `: ${said}` : " without a message"}`;
  return `${message(error)}${said ? ` (stderr: ${said})` : ""}`;
}

/** The SDK's HTTP errors carry the status as `code` but do not always say it. */
function httpStatus(error: unknown): number | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" && code >= 400 && code < 600 ? code : null;
}

function httpMessage(error: unknown): string {
  const status = httpStatus(error);
  const text = message(error);
  return status !== null && !text.includes(String(status)) ? `HTTP ${status}: ${text}` : text;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("cancelled");
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** Keeps the end of a server's stderr: the lines that explain a failure. */
export class StderrTail {
  #text = "";

  append(chunk: string): void {
    this.#text = (this.#text + chunk).slice(-4_000);
  }

  /** The last few non-empty lines, on one line. */
  text(): string {
    const lines = this.#text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const tail = lines.slice(-3).join(" | ");
    return tail.length > 400 ? `…${tail.slice(-400)}` : tail;
  }
}
