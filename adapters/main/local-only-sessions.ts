import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import { onSessionOpened } from "./session-opened-hook.ts";

/**
 * `ursa -p … --local-only`: the session this run creates or resumes is marked local-only
 * before its first turn runs, so none of the turn (nor its sub-agents' sessions, which inherit
 * the flag) is queued for the sync server, and an earlier remote copy goes at the next push.
 */
export function markingLocalOnly(sessions: SessionsApi, sync: SyncService): SessionsApi {
  return onSessionOpened(sessions, (session) => sync.setLocalOnly(session.id, true, AbortSignal.timeout(5_000)));
}

/**
 * A headless resume of a session another device wrote to in the last two minutes: it goes on
 * here (a headless run cannot ask), with one line saying where else it was live.
 */
export function notingLiveElsewhere(sessions: SessionsApi, err: { write(text: string): unknown }): SessionsApi {
  return onSessionOpened(sessions, async (_session, info) => {
    if (info?.leasedBy) err.write(`ursa: This session was live on ${info.leasedBy.device} moments ago; continuing it here.\n`);
  });
}
