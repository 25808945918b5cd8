import type { EngineEventBody } from "../domain/engine-event.ts";
import type { TurnLimitKind } from "../domain/turn-limits.ts";
import { ProviderError, type ProviderErrorKind } from "../ports/llm-provider.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";

/**
 * A session's last turn failed (the provider refused it, a limit stopped it): the reason, in a
 * few words, kept in the session's metadata so that the sessions pane and the resume banner say
 * "failed" after a restart too, not "interrupted". Cleared when the next turn starts.
 */
const TURN_FAILURE_KEY = "turn_failure";

const KIND_WORDS: Record<ProviderErrorKind, string> = {
  rate_limited: "rate limited",
  overloaded: "overloaded",
  network: "network error",
  unreachable: "server unreachable",
  context_overflow: "context too long",
  auth: "unauthorized",
  not_found: "model not found",
  bad_request: "bad request",
  server: "server error",
  protocol: "unreadable reply",
};

const AUTH_WORDS: Record<number, string> = { 402: "payment required", 403: "forbidden" };
const MAX_REASON_CHARS = 40;

/** "401 unauthorized", "429 rate limited", or the first words of another error's message. */
export function failureReason(error: unknown): string {
  if (error instanceof ProviderError) {
    // An auth failure without a status never reached the server: no key is set.
    if (error.kind === "auth" && error.status === undefined) return "no API key";
    const words = (error.kind === "auth" && error.status !== undefined ? AUTH_WORDS[error.status] : undefined) ?? KIND_WORDS[error.kind];
    return error.status !== undefined ? `${error.status} ${words}` : words;
  }
  const line = String((error as Error)?.message ?? error).split("\n")[0]!.trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}

/** "turn limit: 10 model calls", "budget limit: $0.50 spent". */
export function limitReason(event: { readonly limit: TurnLimitKind; readonly modelCalls: number; readonly costUsd: number | null }): string {
  return event.limit === "max_turns" ? `turn limit: ${event.modelCalls} model call${event.modelCalls === 1 ? "" : "s"}` : `budget limit: $${(event.costUsd ?? 0).toFixed(2)} spent`;
}

export async function readTurnFailure(store: Pick<SessionCatalog, "getMetadata" | "setMetadata">, sessionId: string): Promise<string | null> {
  return (await store.getMetadata(sessionId, TURN_FAILURE_KEY)) || null;
}

/** One session's stored failure: recorded when a turn fails, cleared when the next one starts. */
export class StoredTurnFailure {
  readonly #store: Pick<SessionCatalog, "getMetadata" | "setMetadata">;
  readonly #sessionId: string;

  constructor(store: Pick<SessionCatalog, "getMetadata" | "setMetadata">, sessionId: string) {
    this.#store = store;
    this.#sessionId = sessionId;
  }

  /**
   * A turn starts: an earlier failure is no longer the last turn's. Read each time, not
   * remembered: another process (`ursa -p --resume`) or device may have stored one since.
   */
  async clear(): Promise<void> {
    if ((await readTurnFailure(this.#store, this.#sessionId)) === null) return;
    await this.#store.setMetadata(this.#sessionId, TURN_FAILURE_KEY, "");
  }

  /** Says (`turn_failed`) and stores why the turn failed; a storage failure is only warned about. */
  async record(reason: string, emit: (body: EngineEventBody) => void): Promise<void> {
    emit({ type: "turn_failed", reason });
    try {
      await this.#store.setMetadata(this.#sessionId, TURN_FAILURE_KEY, reason);
    } catch (error) {
      emit({ type: "warn", message: `Could not store why the turn failed: ${(error as Error).message}` });
    }
  }
}
