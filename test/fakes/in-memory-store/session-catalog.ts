import { newId } from "../../../core/domain/ids.ts";
import type { ProjectRef, SessionInfo } from "../../../core/domain/session-info.ts";
import type { TrustMode } from "../../../core/domain/trust-mode.ts";
import type { MetadataKeys, SessionCatalog } from "../../../core/ports/session-catalog.ts";
import { checkSignal, liveSession, requireLiveSession, type SessionRow, type StoreState } from "./state.ts";

const DEFAULT_PREFIX_LIMIT = 20;

/** The SessionCatalog in memory. */
export class InMemorySessionCatalog implements SessionCatalog {
  readonly #s: StoreState;

  constructor(state: StoreState) {
    this.#s = state;
  }

  async createSession(input: { agentName: string; project: ProjectRef; mode?: TrustMode; parentId?: string }): Promise<string> {
    const id = newId();
    const now = this.#s.now();
    this.#s.sessions.set(id, {
      id, agentName: input.agentName, projectKey: input.project.key, projectRoot: input.project.root, parentId: input.parentId ?? null,
      createdAt: now, createdDeviceId: this.#s.deviceId, updatedAt: now, title: null, mode: input.mode ?? null, lastAccessedAt: null, deletedAt: null,
    });
    return id;
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<SessionInfo | null> {
    checkSignal(signal);
    const session = liveSession(this.#s, sessionId);
    return session ? this.#info(session) : null;
  }

  async listSessions(options: { projectKey?: string; limit: number; topLevel?: boolean }, signal?: AbortSignal): Promise<SessionInfo[]> {
    checkSignal(signal);
    return this.#newestFirst()
      .filter((s) => (options.projectKey === undefined || s.projectKey === options.projectKey) && (!options.topLevel || s.parentId === null))
      .slice(0, options.limit)
      .map((s) => this.#info(s));
  }

  async findSessionsByPrefix(prefix: string, limit = DEFAULT_PREFIX_LIMIT, signal?: AbortSignal): Promise<string[]> {
    checkSignal(signal);
    // As SQL's LIKE: ASCII case ignored, the prefix taken literally.
    return this.#newestFirst().filter((s) => s.id.toLowerCase().startsWith(prefix.toLowerCase())).slice(0, limit).map((s) => s.id);
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const now = this.#s.now();
    const existed = liveSession(this.#s, sessionId) !== null;
    const family = new Set([...this.#s.sessions.values()].filter((s) => s.id === sessionId || s.parentId === sessionId).map((s) => s.id));
    for (const id of family) {
      const session = this.#s.sessions.get(id)!;
      if (session.deletedAt === null) Object.assign(session, { deletedAt: now, updatedAt: now, title: null });
      this.#s.metadata.delete(id);
    }
    remove(this.#s.messages, (r) => family.has(r.message.sessionId));
    remove(this.#s.fileChanges, (r) => family.has(r.sessionId));
    return existed;
  }

  async setSessionTitle(sessionId: string, title: string): Promise<void> {
    this.#update(sessionId, { title });
  }

  async setSessionMode(sessionId: string, mode: TrustMode): Promise<void> {
    this.#update(sessionId, { mode });
  }

  async getSessionMode(sessionId: string, signal?: AbortSignal): Promise<TrustMode | null> {
    checkSignal(signal);
    return liveSession(this.#s, sessionId)?.mode ?? null;
  }

  async getSessionIdleSeconds(sessionId: string, signal?: AbortSignal): Promise<number | null> {
    checkSignal(signal);
    const at = liveSession(this.#s, sessionId)?.lastAccessedAt ?? null;
    return at === null ? null : Math.max(0, Math.floor((this.#s.now() - at) / 1000));
  }

  async getMetadata(sessionId: string, key: string, signal?: AbortSignal): Promise<string | null> {
    checkSignal(signal);
    return this.#s.metadata.get(sessionId)?.get(key) ?? null;
  }

  async listMetadata(sessionId: string, { prefix, from, through }: MetadataKeys, signal?: AbortSignal): Promise<Map<string, string>> {
    checkSignal(signal);
    const wanted = ([key]: [string, string]) => key.startsWith(prefix) && (from === undefined || key >= from) && (through === undefined || key <= through);
    return new Map([...(this.#s.metadata.get(sessionId) ?? [])].filter(wanted).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  async sessionsWithMetadata(key: string, value: string, signal?: AbortSignal): Promise<string[]> {
    checkSignal(signal);
    const live = (id: string) => this.#s.sessions.get(id)?.deletedAt === null;
    return [...this.#s.metadata].filter(([id, entries]) => live(id) && entries.get(key) === value).map(([id]) => id).sort();
  }

  async setMetadata(sessionId: string, key: string, value: string): Promise<void> {
    requireLiveSession(this.#s, sessionId);
    const entries = this.#s.metadata.get(sessionId) ?? new Map<string, string>();
    this.#s.metadata.set(sessionId, entries.set(key, value));
  }

  getTodo(sessionId: string, signal?: AbortSignal): Promise<string | null> {
    return this.getMetadata(sessionId, "todo", signal);
  }

  setTodo(sessionId: string, content: string): Promise<void> {
    return this.setMetadata(sessionId, "todo", content);
  }

  #update(sessionId: string, fields: Partial<Pick<SessionRow, "title" | "mode">>): void {
    const session = liveSession(this.#s, sessionId);
    if (session) Object.assign(session, fields, { updatedAt: this.#s.now() });
  }

  #newestFirst(): SessionRow[] {
    return [...this.#s.sessions.values()]
      .filter((s) => s.deletedAt === null)
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  #info(s: SessionRow): SessionInfo {
    const rows = this.#s.messages.map((r) => r.message).filter((m) => m.sessionId === s.id);
    const priced = rows.filter((m) => m.costUsd !== null);
    return {
      id: s.id, agentName: s.agentName, projectKey: s.projectKey, projectRoot: s.projectRoot, title: s.title, mode: s.mode,
      createdAt: s.createdAt, updatedAt: s.updatedAt, parentId: s.parentId,
      // Active rows are counted; tokens of archived ones too (they were spent all the same).
      messageCount: rows.filter((m) => m.compactedAt === null).length,
      totalTokens: rows.reduce((sum, m) => sum + (m.usage ? m.usage.promptTokens + m.usage.completionTokens : 0), 0),
      costUsd: priced.length === 0 ? null : priced.reduce((sum, m) => sum + m.costUsd!, 0),
      leasedBy: null, localOnly: false, unsynced: false,
      // A device's name is sync's to know, and the fake has none.
      createdOn: { deviceId: s.createdDeviceId, name: null },
    };
  }
}

function remove<T>(rows: T[], gone: (row: T) => boolean): void {
  const kept = rows.filter((row) => !gone(row));
  rows.splice(0, rows.length, ...kept);
}
