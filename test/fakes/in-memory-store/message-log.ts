import { planCompaction } from "../../../core/domain/compaction-boundary.ts";
import { COMPACTION_CONTINUATION, COMPACTION_SUMMARY_PREFIX } from "../../../core/domain/compaction-text.ts";
import { isActive, pruneContext, reachesModel } from "../../../core/domain/context-pruning.ts";
import { newId } from "../../../core/domain/ids.ts";
import { detectInterruption, hasPendingToolCalls } from "../../../core/domain/interruption-detection.ts";
import type { NewMessage, StoredMessage } from "../../../core/domain/message.ts";
import { compareRows } from "../../../core/domain/message-order.ts";
import type { CompactedStats, Interruption } from "../../../core/domain/session-info.ts";
import type { MessageLog } from "../../../core/ports/message-log.ts";
import { checkSignal, liveSession, requireLiveSession, sqlTrim, type MessageRow, type StoreState } from "./state.ts";

const DAY_MS = 86_400_000;

/** The MessageLog in memory, with core/domain's rules applied to its rows as the libSQL adapter applies them. */
export class InMemoryMessageLog implements MessageLog {
  readonly #s: StoreState;

  constructor(state: StoreState) {
    this.#s = state;
  }

  async insertMessage(sessionId: string, message: NewMessage): Promise<string> {
    const session = requireLiveSession(this.#s, sessionId);
    const now = this.#s.now();
    const id = newId();
    this.#s.messages.push({ id, sortKey: id, message: toStored(id, sessionId, message, now) });
    session.updatedAt = now;
    session.lastAccessedAt = now;
    return id;
  }

  insertToolMessageWithFull(sessionId: string, input: { content: string; toolCallId: string; fullContent: string; agentName?: string | null }): Promise<string> {
    return this.insertMessage(sessionId, { role: "tool", complete: true, ...input });
  }

  async markMessageComplete(messageId: string): Promise<void> {
    const row = this.#s.messages.find((r) => r.message.id === messageId);
    if (row && row.message.completedAt === null) row.message = { ...row.message, completedAt: this.#s.now() };
  }

  async loadContext(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]> {
    checkSignal(signal);
    const session = liveSession(this.#s, sessionId);
    if (session) session.lastAccessedAt = this.#s.now();
    return pruneContext(this.#history(sessionId).filter(reachesModel));
  }

  async loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<StoredMessage[]> {
    checkSignal(signal);
    return this.#history(sessionId);
  }

  async loadMessagesBefore(sessionId: string, beforeId: string | null, limit: number, signal?: AbortSignal): Promise<StoredMessage[]> {
    checkSignal(signal);
    const rows = this.#rows(sessionId).filter((r) => isActive(r.message));
    if (beforeId === null) return rows.slice(-limit).map((r) => r.message);
    const before = this.#s.messages.find((r) => r.message.id === beforeId);
    if (!before) return [];
    return rows.filter((r) => compareRows(r, before) < 0).slice(-limit).map((r) => r.message);
  }

  async recentUserMessages(limit: number, signal?: AbortSignal): Promise<string[]> {
    checkSignal(signal);
    const newest = new Map<string, string>();
    for (const { message: m } of this.#s.messages) {
      if (m.role !== "user" || m.content === null || sqlTrim(m.content) === "") continue;
      if ((newest.get(m.content) ?? "") < m.id) newest.set(m.content, m.id);
    }
    return [...newest].sort(([, a], [, b]) => (a < b ? 1 : -1)).slice(0, limit).map(([content]) => content);
  }

  async lastAssistantMessage(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    checkSignal(signal);
    // The compaction continuation is a stand-in the store wrote, not an answer the model gave.
    return this.#lastContent(sessionId, "assistant", COMPACTION_CONTINUATION);
  }

  async lastUserMessage(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    checkSignal(signal);
    return this.#lastContent(sessionId, "user", null);
  }

  async hasPendingToolCalls(sessionId: string, signal?: AbortSignal): Promise<boolean> {
    checkSignal(signal);
    return hasPendingToolCalls(this.#history(sessionId));
  }

  async secondsSinceLastAssistant(sessionId: string, signal?: AbortSignal): Promise<number | null> {
    checkSignal(signal);
    const times = this.#history(sessionId).filter((m) => m.role === "assistant").map((m) => m.createdAt);
    return times.length === 0 ? null : Math.max(0, Math.floor((this.#s.now() - Math.max(...times)) / 1000));
  }

  async detectInterruption(sessionId: string, signal?: AbortSignal): Promise<Interruption | null> {
    checkSignal(signal);
    return detectInterruption(this.#history(sessionId));
  }

  async compactSession(sessionId: string, summary: string, preserveCount: number): Promise<number> {
    const active = this.#rows(sessionId).filter((r) => isActive(r.message));
    const plan = planCompaction(active.map((r) => ({ sortKey: r.sortKey, id: r.message.id, role: r.message.role })), preserveCount);
    if (plan === null) return 0;
    const session = requireLiveSession(this.#s, sessionId);
    const now = this.#s.now();
    for (const row of active) if (compareRows(row, plan.anchor) <= 0) row.message = { ...row.message, compactedAt: now };
    const pair = [
      { sortKey: plan.sortKeys.summary, message: { role: "system", content: COMPACTION_SUMMARY_PREFIX + summary, complete: true } as const },
      { sortKey: plan.sortKeys.continuation, message: { role: "assistant", content: COMPACTION_CONTINUATION, complete: true } as const },
    ];
    for (const { sortKey, message } of pair) {
      const id = newId();
      this.#s.messages.push({ id, sortKey, message: toStored(id, sessionId, message, now) });
    }
    session.updatedAt = now;
    return plan.archived;
  }

  async clearMessageContent(messageIds: readonly string[], stub: string): Promise<void> {
    const ids = new Set(messageIds);
    for (const row of this.#s.messages) {
      if (ids.has(row.message.id)) row.message = { ...row.message, fullContent: row.message.fullContent ?? row.message.content, content: stub };
    }
  }

  async compactedStats(signal?: AbortSignal): Promise<CompactedStats> {
    checkSignal(signal);
    const archived = this.#s.messages.map((r) => r.message).filter((m) => m.compactedAt !== null);
    const bytes = (text: string | null) => (text === null ? 0 : new TextEncoder().encode(text).length);
    return {
      messageCount: archived.length,
      sessionCount: new Set(archived.map((m) => m.sessionId)).size,
      sizeBytes: archived.reduce((sum, m) => sum + bytes(m.content) + bytes(m.fullContent) + bytes(m.thinkingContent) + bytes(storedCalls(m)), 0),
      oldest: archived.length === 0 ? null : Math.min(...archived.map((m) => m.compactedAt!)),
    };
  }

  async purgeCompacted(minAgeDays: number): Promise<number> {
    if (!(minAgeDays >= 0)) throw new RangeError(`minAgeDays must be non-negative, got ${minAgeDays}`);
    const cutoff = this.#s.now() - minAgeDays * DAY_MS;
    const before = this.#s.messages.length;
    const kept = this.#s.messages.filter((r) => r.message.compactedAt === null || r.message.compactedAt > cutoff);
    this.#s.messages.splice(0, this.#s.messages.length, ...kept);
    return before - kept.length;
  }

  /** The session's rows in (sortKey, id) order. */
  #rows(sessionId: string): MessageRow[] {
    return this.#s.messages.filter((r) => r.message.sessionId === sessionId).sort(compareRows);
  }

  #history(sessionId: string): StoredMessage[] {
    return this.#rows(sessionId).map((r) => r.message);
  }

  #lastContent(sessionId: string, role: "user" | "assistant", except: string | null): string | null {
    const found = this.#history(sessionId).findLast((m) => m.role === role && m.content !== null && sqlTrim(m.content) !== "" && m.content !== except);
    return found?.content ?? null;
  }
}

function toStored(id: string, sessionId: string, m: NewMessage, now: number): StoredMessage {
  return {
    id, sessionId, role: m.role, content: m.content ?? null, fullContent: m.fullContent ?? null, toolCalls: m.toolCalls ?? [],
    toolCallId: m.toolCallId ?? null, thinkingContent: m.thinkingContent ?? null, thinkingSignature: m.thinkingSignature ?? null,
    usage: m.usage ?? null, agentName: m.agentName ?? null, model: m.model ?? null, provider: m.provider ?? null, costUsd: m.costUsd ?? null,
    completedAt: m.complete ? (m.completedAt ?? now) : null, compactedAt: m.compactedAt ?? null, createdAt: m.createdAt ?? now,
  };
}

/** The tool calls as the libSQL store keeps them (JSON text, none for no calls), for sizes. */
function storedCalls(m: StoredMessage): string | null {
  return m.toolCalls.length > 0 ? JSON.stringify(m.toolCalls) : null;
}
