import type { HttpClient, HttpResponse } from "#plugin-api";
import { isLocalHostname, parseAddress } from "./address-policy.ts";

/** Redirects followed before giving up (so at most MAX_REDIRECTS + 1 requests). */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5" };

export type Fetched =
  | { readonly ok: true; readonly response: HttpResponse; readonly url: string; readonly redirects: number }
  | { readonly ok: false; readonly error: string };

export interface FetchLimits {
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly allowAddress: (ip: string) => boolean;
}

/**
 * GETs the URL, following redirects by hand so that every hop's host is checked before it is
 * contacted: a public page must not be able to redirect the fetch to a private address. Each hop
 * connects to the address that was checked, not to a second lookup of the name (DNS rebinding).
 */
export async function fetchFollowingRedirects(http: HttpClient, start: URL, limits: FetchLimits): Promise<Fetched> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const vetted = await vetHost(http, url, limits);
    if ("refusal" in vetted) {
      const what = redirects === 0 ? `fetch ${url.href}` : `follow redirect ${redirects} to ${url.href}`;
      return { ok: false, error: `refused to ${what}: ${vetted.refusal} (only public addresses may be fetched).` };
    }
    const response = await http.get(url.href, { signal: limits.signal, maxBytes: limits.maxBytes, headers: ACCEPT, address: vetted.address });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers["location"] : undefined;
    if (location === undefined) return { ok: true, response, url: url.href, redirects };
    if (redirects === MAX_REDIRECTS) return { ok: false, error: `${start.href} redirected more than ${MAX_REDIRECTS} times; stopped at ${url.href}.` };
    const next = URL.canParse(location, url) ? new URL(location, url) : null;
    if (!next || (next.protocol !== "http:" && next.protocol !== "https:")) {
      return { ok: false, error: `${url.href} redirected to ${JSON.stringify(location)}, which is not an http(s) URL.` };
    }
    url = next;
  }
}

/**
 * The address to connect to for the URL's host, or why it may not be contacted. A name is
 * judged by every address it resolves to, and the first of them is the one connected to.
 */
async function vetHost(http: HttpClient, url: URL, limits: FetchLimits): Promise<{ address: string } | { refusal: string }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (parseAddress(host)) return limits.allowAddress(host) ? { address: host } : { refusal: `${host} is not a public address` };
  if (isLocalHostname(host)) return { refusal: `${host} is a local or internal host name` };
  let addresses: string[];
  try {
    addresses = await http.resolveHost(host, limits.signal);
  } catch (error) {
    if (limits.signal.aborted) throw error;
    return { refusal: `${host} could not be resolved (${(error as Error).message})` };
  }
  if (addresses.length === 0) return { refusal: `${host} could not be resolved` };
  const blocked = addresses.find((address) => !limits.allowAddress(address));
  return blocked === undefined ? { address: addresses[0]! } : { refusal: `${host} resolves to ${blocked}, which is not a public address` };
}
