import type { TurnUsage } from "../domain/usage.ts";
import type { MessageLog } from "../ports/message-log.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";

/**
 * The totals of each turn (what `usage_reported` said) kept in the session's metadata under
 * the id of the turn's last message, so that reopening the session shows the same line under
 * each turn as when it ran. One small row per turn: it syncs once and is never rewritten.
 */
const KEY_PREFIX = "turn_usage:";

export async function recordTurnUsage(
  stores: { readonly sessions: Pick<SessionCatalog, "setMetadata">; readonly messages: Pick<MessageLog, "loadMessagesBefore"> },
  sessionId: string,
  usage: TurnUsage,
): Promise<void> {
  // The turn's last message is the session's newest active one (an empty turn has none).
  const [last] = await stores.messages.loadMessagesBefore(sessionId, null, 1);
  if (!last) return;
  const { usage: u, costUsd, elapsedMs, tokensPerSecond } = usage;
  await stores.sessions.setMetadata(sessionId, `${KEY_PREFIX}${last.id}`, JSON.stringify({ usage: u, costUsd, elapsedMs, tokensPerSecond }));
}

/**
 * The turns that ended on these messages, by message id (messages that ended no turn are left
 * out), in one read: the usage rows from the smallest id through the largest. A page of history
 * is a run of consecutive messages and ids sort in message order (UUID v7), so that is the
 * page's turns, not the session's thousands.
 */
export async function turnUsages(store: Pick<SessionCatalog, "listMetadata">, sessionId: string, messageIds: readonly string[], signal?: AbortSignal): Promise<Map<string, TurnUsage>> {
  const found = new Map<string, TurnUsage>();
  if (messageIds.length === 0) return found;
  const sorted = [...messageIds].sort();
  const stored = await store.listMetadata(sessionId, { prefix: KEY_PREFIX, from: `${KEY_PREFIX}${sorted[0]}`, through: `${KEY_PREFIX}${sorted.at(-1)}` }, signal);
  for (const id of messageIds) {
    const value = stored.get(`${KEY_PREFIX}${id}`);
    if (!value) continue;
    try {
      found.set(id, JSON.parse(value) as TurnUsage);
    } catch {
      // A row written by a newer Ursa in another shape, or damaged: that turn shows no line.
    }
  }
  return found;
}
