import { token, type Token } from "./token.ts";

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** True when the body was cut at maxBytes. */
  readonly truncated: boolean;
}

export interface HttpGetOptions {
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The IP address to connect to, one the caller has checked (from resolveHost): the URL's host
   * name is then not looked up again, since a second answer may differ (DNS rebinding). The host
   * name still goes in the Host header and, over TLS, in SNI and the certificate check.
   */
  readonly address?: string;
}

/** HTTP for tools. Redirects are not followed: the caller checks every hop (SSRF). */
export interface HttpClient {
  get(url: string, options: HttpGetOptions): Promise<HttpResponse>;
  /** The addresses a host name resolves to (IPv4 and IPv6). */
  resolveHost(hostname: string, signal: AbortSignal): Promise<string[]>;
}

export const HTTP_CLIENT: Token<HttpClient> = token("http-client");
