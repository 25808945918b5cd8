import type { SyncStatus } from "../../core/ports/sync.ts";
import { displayUrl } from "./sync-server-check.ts";

/**
 * How `ursa sync` reports a status: one failure line for a round, the text and JSON of
 * `ursa sync status`. The token is never part of a status, so nothing here can print it.
 */

/** Null when the status means the operation worked; otherwise one actionable line. */
export function syncFailureLine(status: SyncStatus, operation: "both" | "push" | "pull" | "setup"): string | null {
  const reason = syncFailureReason(status, operation);
  // Offline is worth retrying: the line says what waits for it.
  return reason !== null && status.state === "offline" ? `${reason}; ${queuedClause(status.queued)} for the next round` : reason;
}

/** "6 changes stay queued" (for the caller to say until when). */
export function queuedClause(queued: number): string {
  return `${queued} change${queued === 1 ? " stays" : "s stay"} queued`;
}

/** What went wrong and what to do, without what becomes of the queued changes; null when it worked. */
export function syncFailureReason(status: SyncStatus, operation: "both" | "push" | "pull" | "setup"): string | null {
  const where = status.url ? displayUrl(status.url) : "the server";
  const why = status.lastError ? ` (${status.lastError})` : "";
  switch (status.state) {
    case "ok":
    case "pushing":
    case "pulling":
      return null;
    case "off":
      return status.url ? "sync is off; turn it on with ursa sync on" : "sync is not set up; run ursa sync setup <url> [--token-file F]";
    case "offline":
      // The engine's line already names the host and the cause ("cannot reach h:p (ECONNREFUSED)").
      return status.lastError ?? `cannot reach ${where}`;
    case "token_expired":
      return `the server refused the token${why}; mint a new one (ursa sync token) and run ursa sync setup ${where} --token-file <file>`;
    case "read_only":
      // A read-only token is meant for following another user's sessions: pulling is its job.
      return operation === "pull" ? null : `the token is read-only${why}; pulls work, pushing needs a read-write token`;
    case "needs_newer":
      return `the data on ${where} was written by a newer Ursa${why}; update Ursa on this machine`;
    case "not_found":
      return `${where} has no database there${why}; check the URL, or that the token is for this namespace`;
  }
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400 * 2) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

const STATE_TEXT: Record<SyncStatus["state"], string> = {
  off: "off",
  ok: "ok",
  pushing: "pushing",
  pulling: "pulling",
  offline: "offline",
  token_expired: "token expired or refused",
  read_only: "read-only token",
  needs_newer: "needs a newer Ursa",
  not_found: "no database at this URL",
};

export function formatSyncStatus(status: SyncStatus, thisDevice: string, now: number): string {
  const lines = [
    `state:        ${STATE_TEXT[status.state]}`,
    `server:       ${status.url ? displayUrl(status.url) : "none (ursa sync setup <url>)"}`,
    `queued:       ${status.queued} change${status.queued === 1 ? "" : "s"}`,
    `last success: ${status.lastSuccessAt === null ? "never" : `${new Date(status.lastSuccessAt).toISOString()} (${ago(now - status.lastSuccessAt)})`}`,
    `last error:   ${status.lastError ?? "none"}`,
    `access:       ${status.state === "off" ? "none (sync is off)" : status.pullOnly ? "pull only: the token is read-only" : "push and pull"}`,
    `devices:      ${status.devices.length === 0 ? "none yet" : ""}`,
  ];
  for (const device of status.devices) {
    lines.push(`  ${device.name}${device.id === thisDevice ? " (this device)" : ""}  ${device.id}  seen ${ago(now - device.lastSeenAt)}`);
  }
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** `ursa sync status --json`: snake_case like the other JSON Ursa prints; times in ISO 8601. */
export function syncStatusJson(status: SyncStatus, thisDevice: string) {
  return {
    state: status.state,
    url: status.url === null ? null : displayUrl(status.url),
    queued: status.queued,
    last_success_at: iso(status.lastSuccessAt),
    last_error: status.lastError,
    pull_only: status.pullOnly,
    devices: status.devices.map((d) => ({ id: d.id, name: d.name, last_seen_at: iso(d.lastSeenAt), this_device: d.id === thisDevice })),
  };
}
