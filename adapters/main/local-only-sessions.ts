import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { ResumedSession, SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { SyncService } from "../../core/ports/sync.ts";

/**
 * `ursa -p … --local-only`: the session this run creates or resumes is marked local-only
 * before its first turn runs, so none of the turn (nor its sub-agents' sessions, which inherit
 * the flag) is queued for the sync server, and an earlier remote copy goes at the next push.
 */
export function markingLocalOnly(sessions: SessionsApi, sync: SyncService): SessionsApi {
  const mark = async (handle: SessionHandle): Promise<void> => sync.setLocalOnly(handle.id, true, AbortSignal.timeout(5_000));
  const marked = async (resumed: Promise<ResumedSession>): Promise<ResumedSession> => {
    const r = await resumed;
    await mark(r.session);
    return r;
  };
  return {
    create: async (mode) => {
      const handle = await sessions.create(mode);
      await mark(handle);
      return handle;
    },
    resume: (idOrPrefix, mode) => marked(sessions.resume(idOrPrefix, mode)),
    continueLatest: (mode) => marked(sessions.continueLatest(mode)),
    list: (options) => sessions.list(options),
    delete: (id) => sessions.delete(id),
    rename: (id, title) => sessions.rename(id, title),
    compactedStats: () => sessions.compactedStats(),
    purge: (minAgeDays) => sessions.purge(minAgeDays),
  };
}
