import { lookup } from "node:dns/promises";
import type { HttpClient, HttpResponse } from "../../core/ports/http-client.ts";

/**
 * HTTP GET over the runtime's fetch, with redirects returned rather than followed (the caller
 * checks every hop) and the body cut at a size limit while streaming.
 */
export class NodeHttpClient implements HttpClient {
  async get(url: string, options: { signal: AbortSignal; maxBytes: number; headers?: Readonly<Record<string, string>> }): Promise<HttpResponse> {
    let response: Response;
    try {
      response = await fetch(url, { redirect: "manual", signal: options.signal, headers: { "user-agent": "ursa (terminal coding agent)", ...options.headers } });
    } catch (error) {
      throw withCause(error);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    const decoder = decoderFor(headers["content-type"]);
    const parts: string[] = [];
    let size = 0;
    let truncated = false;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (size + value.length > options.maxBytes) {
          // Decoded in stream mode and never flushed: a character cut at the limit is dropped, not garbled.
          parts.push(decoder.decode(value.subarray(0, options.maxBytes - size), { stream: true }));
          truncated = true;
          await reader.cancel();
          break;
        }
        parts.push(decoder.decode(value, { stream: true }));
        size += value.length;
      }
    }
    if (!truncated) parts.push(decoder.decode());
    return { status: response.status, headers, body: parts.join(""), truncated };
  }

  async resolveHost(hostname: string, signal: AbortSignal): Promise<string[]> {
    signal.throwIfAborted();
    // The resolver cannot be cancelled; an abort stops the wait for it.
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      lookup(hostname, { all: true, verbatim: true })
        .then((addresses) => resolve(addresses.map((a) => a.address)), reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
  }
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

/** fetch reports every network failure as "fetch failed"; the reason (ECONNREFUSED, a DNS error) is in `cause`. */
function withCause(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === "AbortError" || error.name === "TimeoutError") return error;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? new Error(`${error.message}: ${cause}`, { cause: error }) : error;
}
