import type { TurnUsage } from "../domain/usage.ts";
import type { SessionStore } from "../ports/session-store.ts";

/**
 * The totals of each turn (what `usage_reported` said) kept in the session's metadata under
 * the id of the turn's last message, so that reopening the session shows the same line under
 * each turn as when it ran. One small row per turn: it syncs once and is never rewritten.
 */
const KEY_PREFIX = "turn_usage:";

export async function recordTurnUsage(store: SessionStore, sessionId: string, usage: TurnUsage): Promise<void> {
  // The turn's last message is the session's newest active one (an empty turn has none).
  const [last] = await store.loadMessagesBefore(sessionId, null, 1);
  if (!last) return;
  const { usage: u, costUsd, elapsedMs, tokensPerSecond } = usage;
  await store.setMetadata(sessionId, `${KEY_PREFIX}${last.id}`, JSON.stringify({ usage: u, costUsd, elapsedMs, tokensPerSecond }));
}

/** The turns that ended on these messages, by message id (messages that ended no turn are left out). */
export async function turnUsages(store: SessionStore, sessionId: string, messageIds: readonly string[]): Promise<Map<string, TurnUsage>> {
  const found = new Map<string, TurnUsage>();
  for (const id of messageIds) {
    const value = await store.getMetadata(sessionId, `${KEY_PREFIX}${id}`);
    if (!value) continue;
    try {
      found.set(id, JSON.parse(value) as TurnUsage);
    } catch {
      // A row written by a newer Ursa in another shape, or damaged: that turn shows no line.
    }
  }
  return found;
}
