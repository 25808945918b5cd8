import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { SessionInfo } from "../../core/domain/session-info.ts";
import type { ResumedSession, SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import { withOverrides } from "../../core/domain/with-overrides.ts";

/**
 * A SessionsApi that runs `opened` on each session it creates or resumes, before handing it
 * over (and so before its first turn). Everything else passes straight through.
 */
export function onSessionOpened(sessions: SessionsApi, opened: (session: SessionHandle, info: SessionInfo | null) => Promise<void>): SessionsApi {
  const resumed = async (pending: Promise<ResumedSession>): Promise<ResumedSession> => {
    const r = await pending;
    await opened(r.session, r.info);
    return r;
  };
  return withOverrides(sessions, {
    create: async (mode) => {
      const handle = await sessions.create(mode);
      await opened(handle, null);
      return handle;
    },
    resume: (idOrPrefix, mode) => resumed(sessions.resume(idOrPrefix, mode)),
    continueLatest: (mode) => resumed(sessions.continueLatest(mode)),
  });
}
