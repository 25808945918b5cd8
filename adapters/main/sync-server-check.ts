import type { SyncState } from "../../core/ports/sync.ts";
import { httpBaseUrl, plainHttpHint } from "../libsql-sync/remote-connection.ts";

/**
 * Asks a libSQL server (sqld or Turso) one `SELECT 1` over Hrana-over-http with a raw fetch,
 * before `ursa sync setup` changes anything: the libSQL client reports only "HTTP status 401",
 * while the server's body says why ("The JWT has expired", "Namespace `bob` doesn't exist").
 */
export type ServerCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly state: Exclude<SyncState, "ok" | "off" | "pushing" | "pulling">; readonly line: string };

export const SERVER_CHECK_TIMEOUT_MS = 10_000;

/** A URL without user info, query or token, safe to print. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The server's own reason from an error body such as {"error":"Unauthorized: `The JWT has expired`"}. */
export function serverReason(body: string): string {
  let text = body.trim();
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === "string") text = parsed.error;
    else if (typeof parsed.message === "string") text = parsed.message;
  } catch {
    // not JSON: use the text as it is
  }
  return text.replace(/^Unauthorized:\s*/, "").replace(/^Authorization forbidden:\s*/, "").replaceAll("`", "").replace(/\s+/g, " ").slice(0, 200);
}

/** One actionable line for an HTTP refusal, and the sync state it means. */
export function describeRefusal(status: number, reason: string, url: string): Exclude<ServerCheck, { ok: true }> {
  const where = displayUrl(url);
  const because = reason ? `${status} ${reason}` : `HTTP ${status}`;
  if (status === 401 && /expired/i.test(reason)) {
    return { ok: false, state: "token_expired", line: `the token has expired (${because}); mint a new one (ursa sync token) and run ursa sync setup ${where} --token-file <file>` };
  }
  if (status === 401) {
    return { ok: false, state: "token_expired", line: `${where} refused the token (${because}); pass a valid one with --token-file <file>` };
  }
  if (status === 403) {
    return { ok: false, state: "read_only", line: `the token may not write to ${where} (${because}); pulls work, pushing needs a read-write token` };
  }
  if (status === 404) {
    return { ok: false, state: "not_found", line: `${where} has no database there (${because}); check the URL, or that the token is for this namespace` };
  }
  return { ok: false, state: "offline", line: `${where} answered ${because}` };
}

function networkReason(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return `no answer within ${SERVER_CHECK_TIMEOUT_MS / 1000} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

export async function checkSyncServer(url: string, token: string | null, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<ServerCheck> {
  let endpoint: string;
  try {
    endpoint = `${httpBaseUrl(url)}/v2/pipeline`;
  } catch (error) {
    return { ok: false, state: "not_found", line: (error as Error).message };
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers["authorization"] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchImpl(endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }, { type: "close" }] }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(SERVER_CHECK_TIMEOUT_MS)]),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, state: "offline", line: `cannot reach ${displayUrl(url)} (${networkReason(error)})${plainHttpHint(url, code)}` };
  }
  const body = await response.text().catch(() => "");
  if (response.ok) return { ok: true };
  return describeRefusal(response.status, serverReason(body), url);
}
