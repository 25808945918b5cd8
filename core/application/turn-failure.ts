import type { EngineEventBody } from "../domain/engine-event.ts";
import type { TurnShortfall } from "../domain/session-info.ts";
import type { TurnLimitKind } from "../domain/turn-limits.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";

/**
 * A session's last turn failed (the provider refused it, a limit stopped it) or was told to stop
 * (the loop cap): the reason, kept in the session's metadata so that the sessions
 * pane and the resume banner say "failed" or "stopped" after a restart too, not "interrupted".
 * Cleared when the next turn starts. One key per kind: rows stored before stops were kept stay valid.
 */
const KEYS: Record<TurnShortfall["kind"], string> = { failed: "turn_failure", stopped: "turn_stopped" };

/** Room for any message the providers write; a runaway one is cut. */
const MAX_REASON_CHARS = 500;

/**
 * The error's own message on one line: the words `ursa -p` prints, which name the cause and the
 * fix ("the base URL … ends in /v1 … Set ANTHROPIC_BASE_URL to …"), where a kind of error
 * ("404 model not found") would send the user looking for the wrong thing.
 */
export function failureReason(error: unknown): string {
  const line = String((error as Error)?.message ?? error).replace(/\s+/g, " ").trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}

/** "turn limit: 10 model calls", "budget limit: $0.50 spent". */
export function limitReason(event: { readonly limit: TurnLimitKind; readonly modelCalls: number; readonly costUsd: number | null }): string {
  return event.limit === "max_turns" ? `turn limit: ${event.modelCalls} model call${event.modelCalls === 1 ? "" : "s"}` : `budget limit: $${(event.costUsd ?? 0).toFixed(2)} spent`;
}

/** How the session's last turn fell short, as stored (a failure first: a turn is never both). */
export async function readTurnFailure(store: Pick<SessionCatalog, "getMetadata">, sessionId: string): Promise<TurnShortfall | null> {
  const { failed, stopped } = await readBoth(store, sessionId);
  if (failed) return { kind: "failed", reason: failed };
  return stopped ? { kind: "stopped", reason: stopped } : null;
}

/** Both keys, read in parallel: this runs for every idle row of the sessions pane and at every turn's start. */
async function readBoth(store: Pick<SessionCatalog, "getMetadata">, sessionId: string): Promise<Record<TurnShortfall["kind"], string | null>> {
  const [failed, stopped] = await Promise.all([store.getMetadata(sessionId, KEYS.failed), store.getMetadata(sessionId, KEYS.stopped)]);
  return { failed, stopped };
}

/** One session's stored failure or stop: recorded when a turn ends so, cleared when the next one starts. */
export class StoredTurnFailure {
  readonly #store: Pick<SessionCatalog, "getMetadata" | "setMetadata">;
  readonly #sessionId: string;

  constructor(store: Pick<SessionCatalog, "getMetadata" | "setMetadata">, sessionId: string) {
    this.#store = store;
    this.#sessionId = sessionId;
  }

  /**
   * A turn starts: an earlier failure or stop is no longer the last turn's. Read each time, not
   * remembered: another process (`ursa -p --resume`) or device may have stored one since.
   */
  async clear(): Promise<void> {
    const stored = await readBoth(this.#store, this.#sessionId);
    for (const kind of ["failed", "stopped"] as const) if (stored[kind]) await this.#store.setMetadata(this.#sessionId, KEYS[kind], "");
  }

  /**
   * Says (`turn_failed`, `turn_stopped`) and stores how the turn fell short; a storage failure is
   * only warned about.
   */
  async record({ kind, reason }: TurnShortfall, emit: (body: EngineEventBody) => void): Promise<void> {
    emit(kind === "failed" ? { type: "turn_failed", reason } : { type: "turn_stopped", reason });
    try {
      await this.#store.setMetadata(this.#sessionId, KEYS[kind], reason);
    } catch (error) {
      emit({ type: "warn", message: `Could not store why the turn ${kind === "failed" ? "failed" : "stopped"}: ${(error as Error).message}` });
    }
  }
}
