import type { Container } from "inversify";
import { SYNC_SERVICE, type SyncService, type SyncStatus } from "../../core/ports/sync.ts";
import { resolve } from "./provide.ts";
import { displayUrl } from "./sync-server-check.ts";
import { queuedClause, syncFailureReason } from "./sync-status-text.ts";

/**
 * Sync around the commands that run without the dashboard (`ursa -p`, `ursa sessions list`):
 * a short pull before reading sessions (so another machine's work is there to resume or list),
 * and a push after a headless turn (so the work reaches the server without a dashboard open,
 * and the run's leases end with it).
 * Both are bounded: a dead or slow server costs at most a few seconds and one note, and the
 * command goes on with the local copy. Nothing happens while sync is off.
 */
export const HEADLESS_SYNC_BUDGET_MS = 5_000;

export interface HeadlessSyncResult {
  readonly syncOn: boolean;
  /** One line for stderr when the round did not work (the command still goes on). */
  readonly note: string | null;
}

/** The composition root's sync service, or null in a build whose root binds none. */
export async function boundSync(container: Container): Promise<SyncService | null> {
  return container.isBound(SYNC_SERVICE) ? resolve(container, SYNC_SERVICE) : null;
}

const FAILED_STATES = new Set<SyncStatus["state"]>(["offline", "token_expired", "read_only", "needs_newer", "not_found"]);

/**
 * One bounded round; on failure one note: what went wrong, then `after` (what the command does
 * about it, given the status the round ended with, or null when there is none).
 */
async function boundedRound(sync: SyncService, kind: "pull" | "push", after: (status: SyncStatus | null) => string): Promise<HeadlessSyncResult> {
  const signal = AbortSignal.timeout(HEADLESS_SYNC_BUDGET_MS);
  try {
    const before = await sync.status(signal);
    if (before.state === "off") return { syncOn: false, note: null };
    const { status } = await sync.round(kind, signal);
    // A read-only token pulls fine; its pushes are what fails.
    if (FAILED_STATES.has(status.state) && !(kind === "pull" && status.state === "read_only")) {
      // The same words as `ursa sync` (what went wrong and what to do), not the server's raw reply.
      return { syncOn: true, note: `sync ${kind} failed: ${syncFailureReason(status, kind) ?? status.lastError ?? status.state}; ${after(status)}` };
    }
    return { syncOn: true, note: null };
  } catch (error) {
    const latest = await sync.status(AbortSignal.timeout(1_000)).catch(() => null);
    if (signal.aborted) return { syncOn: true, note: `sync ${kind} took over ${HEADLESS_SYNC_BUDGET_MS / 1000} s and was left; ${after(latest)}` };
    return { syncOn: true, note: `sync ${kind} failed (${(error as Error).message}); ${after(latest)}` };
  }
}

export function pullBeforeReading(sync: SyncService): Promise<HeadlessSyncResult> {
  return boundedRound(sync, "pull", () => "showing this machine's copy");
}

/** Longest wait for ending the run's leases: a local write, but never worth holding the exit for. */
const RELEASE_BUDGET_MS = 1_000;

/**
 * The headless run is over: the leases it held on `ended` (the sessions it opened) end now, so
 * another device stops showing them "running on" this one, and the push carries that along.
 */
export async function pushAfterTurn(sync: SyncService, ended: readonly string[] = []): Promise<HeadlessSyncResult> {
  const releasing = AbortSignal.timeout(RELEASE_BUDGET_MS);
  const released = Promise.all(ended.map((id) => sync.releaseLease(id, releasing).catch(() => undefined)));
  await Promise.race([released, new Promise((resolve) => releasing.addEventListener("abort", resolve, { once: true }))]);
  return boundedRound(sync, "push", (status) => status === null
    ? "the changes stay queued for the next sync"
    : `${queuedClause(status.queued)} for the next sync${status.url ? ` with ${displayUrl(status.url)}` : ""}`);
}
