import type { SessionView } from "./session-view.ts";

/**
 * A provider key turned up while the dashboard runs (keys.json written since it started): the
 * sessions opened without one stood in for that provider, and take it up now, each keeping its model.
 */
export async function takeUpFoundKey(views: Iterable<SessionView>, provider: string, failed: (error: Error) => void): Promise<void> {
  const stale = [...views].filter((v) => v.handle.providerName === provider && !v.handle.isRunning);
  await Promise.all(stale.map((v) => v.handle.switchModel({ provider, model: v.handle.settings.model }).catch(failed)));
}
