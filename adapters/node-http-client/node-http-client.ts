import { lookup } from "node:dns/promises";
import type { HttpClient, HttpResponse } from "../../core/ports/http-client.ts";

/**
 * HTTP GET over the runtime's fetch, with redirects returned rather than followed (the caller
 * checks every hop) and the body cut at a size limit while streaming.
 */
export class NodeHttpClient implements HttpClient {
  async get(url: string, options: { signal: AbortSignal; maxBytes: number; headers?: Readonly<Record<string, string>> }): Promise<HttpResponse> {
    const response = await fetch(url, { redirect: "manual", signal: options.signal, headers: { "user-agent": "ursa (terminal coding agent)", ...options.headers } });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (size + value.length > options.maxBytes) {
          chunks.push(value.subarray(0, options.maxBytes - size));
          truncated = true;
          await reader.cancel();
          break;
        }
        chunks.push(value);
        size += value.length;
      }
    }
    const body = new TextDecoder().decode(Buffer.concat(chunks));
    return { status: response.status, headers, body, truncated };
  }

  async resolveHost(hostname: string, signal: AbortSignal): Promise<string[]> {
    signal.throwIfAborted();
    const addresses = await lookup(hostname, { all: true, verbatim: true });
    return addresses.map((a) => a.address);
  }
}
