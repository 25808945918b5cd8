import { token, type Token } from "./token.ts";

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** True when the body was cut at maxBytes. */
  readonly truncated: boolean;
}

/** HTTP for tools. Redirects are not followed: the caller checks every hop (SSRF). */
export interface HttpClient {
  get(url: string, options: { signal: AbortSignal; maxBytes: number; headers?: Readonly<Record<string, string>> }): Promise<HttpResponse>;
  /** The addresses a host name resolves to (IPv4 and IPv6). */
  resolveHost(hostname: string, signal: AbortSignal): Promise<string[]>;
}

export const HTTP_CLIENT: Token<HttpClient> = token("http-client");
