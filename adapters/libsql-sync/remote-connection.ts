import type { Client } from "@libsql/client";
import type { SyncState } from "../../core/ports/sync.ts";

/** The failure states a remote call can end in. */
export type FailureState = Extract<SyncState, "offline" | "token_expired" | "read_only" | "not_found" | "needs_newer">;

/** A remote failure, classified: what the status bar shows and one line for `sync status`. */
export class RemoteFailure extends Error {
  readonly state: FailureState;

  constructor(state: FailureState, message: string) {
    super(message);
    this.state = state;
    this.name = "RemoteFailure";
  }
}

/**
 * A connection to the sync server over Hrana-over-http (`@libsql/client/http`).
 * Not ws: a WebSocket cannot time out and hides the server's 401/403 reason. Every request
 * goes through a fetch that gives up after `timeoutMs` (a blackholed link otherwise hangs for
 * minutes) or when the round's signal aborts, and remembers the last refusal's status and text,
 * which the client itself reduces to "Server returned HTTP status 401".
 */
export class RemoteConnection {
  readonly url: string;
  /** The URL as configured (`libsql://…`), for hints that name its scheme. */
  readonly #given: string;
  readonly #client: Client;
  #signal: AbortSignal | null = null;
  #refusal: { status: number; text: string } | null = null;
  #running = 0;

  private constructor(given: string, url: string, client: Client) {
    this.url = url;
    this.#given = given;
    this.#client = client;
  }

  static async open(url: string, token: string | null, timeoutMs: number): Promise<RemoteConnection> {
    const { createClient } = await import("@libsql/client/http");
    const httpUrl = toHttpUrl(url);
    let connection: RemoteConnection | null = null;
    const timedFetch = async (request: Request): Promise<Response> => {
      const round = connection === null ? null : connection.#signal;
      const signals = [AbortSignal.timeout(timeoutMs), ...(round ? [round] : [])];
      const response = await fetch(request, { signal: AbortSignal.any(signals) });
      if (!response.ok && connection) {
        connection.#refusal = { status: response.status, text: oneLine(await response.clone().text()) };
      }
      return response;
    };
    const client = createClient({ url: httpUrl, ...(token ? { authToken: token } : {}), fetch: timedFetch, intMode: "number" });
    connection = new RemoteConnection(url, httpUrl, client);
    return connection;
  }

  /**
   * Runs `work` against the server; every failure becomes a RemoteFailure, except an abort of
   * `signal`, which is rethrown as it is (a round rejects only on abort).
   */
  async run<T>(signal: AbortSignal, work: (client: Client) => Promise<T>): Promise<T> {
    // A pull reads its next page while it applies the last, so calls of one round may overlap.
    if (this.#running++ === 0) this.#refusal = null;
    this.#signal = signal;
    try {
      return await work(this.#client);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw this.#classify(error);
    } finally {
      if (--this.#running === 0) this.#signal = null;
    }
  }

  close(): void {
    this.#client.close();
  }

  #classify(error: unknown): RemoteFailure {
    if (error instanceof RemoteFailure) return error;
    // The refusal remembered is the last one of the round, which may be another request's (a
    // 403 the schema check accepted): it explains this error only when the statuses agree.
    const status = httpStatusOf(error);
    const refusal = status === null ? null : this.#refusal?.status === status ? this.#refusal : { status, text: "" };
    const host = new URL(this.url).host;
    if (refusal) {
      const line = `${refusal.status} ${refusal.text || "(no reason given)"}`;
      if (refusal.status === 401) return new RemoteFailure("token_expired", line);
      if (refusal.status === 403) return new RemoteFailure("read_only", line);
      if (refusal.status === 404) return new RemoteFailure("not_found", line);
      return new RemoteFailure("offline", `${host}: ${line}`);
    }
    const names = causeChain(error).map((e) => e.name);
    if (names.includes("TimeoutError")) return new RemoteFailure("offline", `no answer from ${host} (timed out)`);
    const detail = causeChain(error).map((e) => (e as { code?: string }).code ?? "").find((code) => /^E[A-Z]+/.test(code));
    const message = error instanceof Error ? error.message : String(error);
    if (detail || /fetch failed|network|socket/i.test(message)) {
      return new RemoteFailure("offline", `cannot reach ${host}${detail ? ` (${detail})` : ""}${plainHttpHint(this.#given, detail)}`);
    }
    return new RemoteFailure("offline", `${host}: ${oneLine(message)}`);
  }
}

/** `libsql://host` means https (as the libSQL client treats it); ws(s) becomes http(s). */
export function httpBaseUrl(url: string): string {
  const parsed = new URL(url);
  const scheme = { "libsql:": "https:", "wss:": "https:", "ws:": "http:", "https:": "https:", "http:": "http:" }[parsed.protocol];
  if (!scheme) throw new Error(`unsupported sync URL scheme ${parsed.protocol} (use libsql://, https:// or http://)`);
  return `${scheme}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`;
}

/** `libsql://` means TLS (https); http(s) URLs are used as given. */
export function toHttpUrl(url: string): string {
  const trimmed = url.trim();
  if (/^libsql:\/\//i.test(trimmed)) return `https://${trimmed.slice("libsql://".length)}`;
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  throw new RemoteFailure("offline", `a sync URL must start with libsql://, https:// or http:// (got ${trimmed})`);
}

/**
 * After a TLS handshake that met plain HTTP (OpenSSL's "wrong version number"): `libsql://` and
 * `https://` mean TLS, and a server without it, as a local sqld is, answers at `http://`.
 * Empty for any other failure.
 */
export function plainHttpHint(url: string, code: string | undefined): string {
  if (!code || !/^ERR_SSL_|^EPROTO$/.test(code)) return "";
  try {
    const parsed = new URL(url.trim());
    if (!["libsql:", "https:", "wss:"].includes(parsed.protocol)) return "";
    return `; ${parsed.protocol}// means TLS: a server without it (a local sqld) takes http://${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "";
  }
}

/** The HTTP status the server refused a request with (the client's error carries it as a cause), or null. */
export function httpStatusOf(error: unknown): number | null {
  const status = causeChain(error).map((e) => (e as { status?: unknown }).status).find((s) => typeof s === "number");
  return typeof status === "number" ? status : null;
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function oneLine(text: string): string {
  let line = text.replace(/\s+/g, " ").trim();
  // sqld answers some refusals as JSON ({"error": "…"}): show the reason, not the braces.
  try {
    const parsed = JSON.parse(line) as { error?: unknown; message?: unknown };
    const reason = parsed.error ?? parsed.message;
    if (typeof reason === "string") line = reason;
  } catch {
    // plain text
  }
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
