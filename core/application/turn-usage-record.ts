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

/** The turns that ended on these messages, by message id (messages that ended no turn are left out). */
export async function turnUsages(store: Pick<SessionCatalog, "getMetadata">, sessionId: string, messageIds: readonly string[]): Promise<Map<string, TurnUsage>> {
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
