import type { IncomingMessage } from "node:http";
import { isIP, type LookupFunction } from "node:net";
import type { HttpClient, HttpGetOptions, HttpResponse } from "../../core/ports/http-client.ts";

/** Looks a host name up: every address it has (IPv4 and IPv6). The system resolver by default. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await (await import("node:dns/promises")).lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * HTTP GET over node:http and node:https (Node and Deno both have them), with redirects
 * returned rather than followed (the caller checks every hop), the body cut at a size limit
 * while streaming, and the connection made to the address the caller vetted: the socket's
 * lookup answers with that address only, so the host name is never looked up a second time.
 * node:http, node:https (with TLS), DNS and zlib are loaded with the first request: the engine
 * creates this client at start, and holding them while the dashboard idles costs memory
 * (docs/performance.md).
 */
export class NodeHttpClient implements HttpClient {
  readonly #resolve: Resolver;

  /** `resolve`: tests hand in a resolver that answers as a rebinding DNS server would. */
  constructor(options: { resolve?: Resolver } = {}) {
    this.#resolve = options.resolve ?? systemResolver;
  }

  async get(url: string, options: HttpGetOptions): Promise<HttpResponse> {
    options.signal.throwIfAborted();
    const target = new URL(url);
    const response = await request(target, options, options.address ?? (await this.#onlyAddress(target, options.signal)));
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
    const body = await readBody(decompressed(response, (await loadTransport()).zlib), headers["content-type"], options);
    return { status: response.statusCode ?? 0, headers, ...body };
  }

  async resolveHost(hostname: string, signal: AbortSignal): Promise<string[]> {
    signal.throwIfAborted();
    // The resolver cannot be cancelled; an abort stops the wait for it.
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#resolve(hostname)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Without a vetted address: the host's first address, looked up once and then kept to. */
  async #onlyAddress(url: URL, signal: AbortSignal): Promise<string> {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (isIP(host)) return host;
    const [first] = await this.resolveHost(host, signal);
    if (first === undefined) throw new Error(`${host} could not be resolved`);
    return first;
  }
}

type Transport = { readonly http: typeof import("node:http"); readonly https: typeof import("node:https"); readonly zlib: typeof import("node:zlib") };
let transport: Promise<Transport> | null = null;
function loadTransport(): Promise<Transport> {
  transport ??= Promise.all([import("node:http"), import("node:https"), import("node:zlib")]).then(([http, https, zlib]) => ({ http, https, zlib }));
  return transport;
}

async function request(url: URL, options: HttpGetOptions, address: string): Promise<IncomingMessage> {
  const family = isIP(address);
  if (family === 0) throw new Error(`${address} is not an IP address`);
  // Whatever name the socket asks for, the answer is the vetted address.
  const pinned = ((_hostname: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
  const { http, https } = await loadTransport();
  options.signal.throwIfAborted();
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    {
      const req = send(url, {
        method: "GET",
        lookup: pinned,
        signal: options.signal,
        headers: { "user-agent": "ursa (terminal coding agent)", "accept-encoding": "gzip, deflate, br", ...options.headers },
      });
      req.on("response", resolve);
      req.on("error", (error) => reject(options.signal.aborted ? options.signal.reason : error));
      req.end();
    }
  });
}

/** The body as sent, decoded from gzip, deflate or brotli (as fetch would). */
function decompressed(response: IncomingMessage, zlib: typeof import("node:zlib")): NodeJS.ReadableStream {
  const { createBrotliDecompress, createGunzip, createInflate } = zlib;
  const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
  const inflate = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : null;
  if (!inflate) return response;
  response.on("error", (error) => inflate.destroy(error));
  return response.pipe(inflate);
}

async function readBody(stream: NodeJS.ReadableStream, contentType: string | undefined, options: HttpGetOptions): Promise<{ body: string; truncated: boolean }> {
  const decoder = decoderFor(contentType);
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length > options.maxBytes) {
      // Decoded in stream mode and never flushed: a character cut at the limit is dropped, not garbled.
      parts.push(decoder.decode(chunk.subarray(0, options.maxBytes - size), { stream: true }));
      (stream as unknown as { destroy?: () => void }).destroy?.();
      return { body: parts.join(""), truncated: true };
    }
    parts.push(decoder.decode(chunk, { stream: true }));
    size += chunk.length;
  }
  parts.push(decoder.decode());
  return { body: parts.join(""), truncated: false };
}

/** The declared charset's decoder (latin-1 pages exist), UTF-8 when none is declared or known. */
function decoderFor(contentType: string | undefined): TextDecoder {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8");
  }
}
