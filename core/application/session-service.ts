import type { CompactedStats, Interruption, SessionInfo } from "../domain/session-info.ts";
import { readTurnFailure } from "./turn-failure.ts";
import type { TrustMode } from "../domain/trust-mode.ts";
import type { SessionsApi } from "../ports/driving/sessions-api.ts";
import type { ModelChoices, ProviderRegistry } from "../ports/provider-registry.ts";
import type { MessageLog } from "../ports/message-log.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";
import type { Agent } from "./agent.ts";
import type { Session } from "./session.ts";

/** Builds a Session object for a stored session (the composition root gives it a scope). */
export type SessionFactory = (input: { id: string; mode: TrustMode; titled: boolean }) => Promise<Session>;

export class SessionLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionLookupError";
  }
}

/**
 * The driving API for sessions: create, resume (by id or unique prefix), continue the
 * latest, list. Keeps one live Session object per id so concurrent users of the same
 * session (dashboard panes, sub-agents) share its state.
 */
export class SessionService implements SessionsApi {
  readonly #sessions: SessionCatalog;
  /** For what resuming reports (interruption) and the archive's upkeep (stats, purge). */
  readonly #messages: Pick<MessageLog, "detectInterruption" | "compactedStats" | "purgeCompacted">;
  readonly #agent: Agent;
  readonly #make: SessionFactory;
  readonly #live = new Map<string, Session>();
  readonly #providers: ProviderRegistry | null;

  constructor(deps: {
    sessions: SessionCatalog;
    messages: Pick<MessageLog, "detectInterruption" | "compactedStats" | "purgeCompacted">;
    agent: Agent; makeSession: SessionFactory;
    providers?: ProviderRegistry;
  }) {
    this.#providers = deps.providers ?? null;
    this.#sessions = deps.sessions;
    this.#messages = deps.messages;
    this.#agent = deps.agent;
    this.#make = deps.makeSession;
  }

  get agent(): Agent {
    return this.#agent;
  }

  async create(mode: TrustMode): Promise<Session> {
    const id = await this.#sessions.createSession({ agentName: this.#agent.name, project: this.#agent.project, mode });
    return this.#remember(await this.#make({ id, mode, titled: false }));
  }

  /**
   * Opens a stored session by id or unique id prefix, restoring its saved mode unless
   * `mode` overrides it, and reports how its last turn was left (never resumed automatically).
   */
  async resume(idOrPrefix: string, mode?: TrustMode): Promise<{ session: Session; interruption: Interruption | null; info: SessionInfo }> {
    const id = await this.#resolveId(idOrPrefix);
    const info = await this.#sessions.getSession(id);
    if (!info) throw new SessionLookupError(`No session ${idOrPrefix}.`);
    const session = this.#live.get(id) ?? this.#remember(await this.#make({ id, mode: info.mode ?? "safe", titled: info.title !== null }));
    if (mode && session.mode !== mode) await session.setMode(mode);
    // A running turn has not been interrupted, it is just not finished.
    return { session, interruption: session.isRunning ? null : await this.#leftOver(id), info };
  }

  /** The most recently active session of this project. */
  async continueLatest(mode?: TrustMode): Promise<{ session: Session; interruption: Interruption | null; info: SessionInfo }> {
    // Sub-agents' sessions are children of another session, not ones to continue.
    const [latest] = await this.#sessions.listSessions({ projectKey: this.#agent.project.key, limit: 1, topLevel: true });
    if (!latest) throw new SessionLookupError("No earlier session in this project to continue; start one without --continue.");
    return this.resume(latest.id, mode);
  }

  list(options: { allProjects?: boolean; limit?: number } = {}): Promise<SessionInfo[]> {
    return this.#sessions.listSessions({ ...(options.allProjects ? {} : { projectKey: this.#agent.project.key }), limit: options.limit ?? 100 });
  }

  providerNames(): readonly string[] {
    return this.#providers?.names() ?? [];
  }

  async modelChoices(provider: string, signal: AbortSignal = AbortSignal.timeout(5_000)): Promise<ModelChoices> {
    return (await this.#providers?.models?.(provider, signal).catch(() => null)) ?? { models: [], listed: false };
  }

  async interruption(id: string): Promise<Interruption | null> {
    if (this.#live.get(id)?.isRunning) return null;
    return this.#leftOver(id);
  }

  /** A stored failure or stop of the last turn says more than the unanswered prompt or tool result it left. */
  async #leftOver(id: string): Promise<Interruption | null> {
    return (await readTurnFailure(this.#sessions, id)) ?? this.#messages.detectInterruption(id);
  }

  async delete(id: string): Promise<boolean> {
    this.#live.get(id)?.interrupt();
    this.#live.delete(id);
    return this.#sessions.deleteSession(id);
  }

  async rename(id: string, title: string): Promise<void> {
    const clean = title.replace(/\s+/g, " ").trim();
    if (clean === "") throw new RangeError("a session title cannot be empty");
    await this.#sessions.setSessionTitle(id, clean);
  }

  compactedStats(): Promise<CompactedStats> {
    return this.#messages.compactedStats();
  }

  purge(minAgeDays: number): Promise<number> {
    if (!Number.isFinite(minAgeDays) || minAgeDays < 0) throw new RangeError("minAgeDays must be 0 or more");
    return this.#messages.purgeCompacted(minAgeDays);
  }

  async #resolveId(idOrPrefix: string): Promise<string> {
    const prefix = idOrPrefix.trim().toLowerCase();
    if (prefix === "") throw new SessionLookupError("Give a session id or the first characters of one.");
    const matches = await this.#sessions.findSessionsByPrefix(prefix, 6);
    if (matches.length === 0) throw new SessionLookupError(`No session id starts with "${idOrPrefix}". List them with: ursa sessions list`);
    if (matches.length > 1 && !matches.includes(prefix)) {
      throw new SessionLookupError(`"${idOrPrefix}" matches ${matches.length >= 6 ? "several" : matches.length} sessions (${matches.slice(0, 5).join(", ")}); give more characters.`);
    }
    return matches.includes(prefix) ? prefix : matches[0]!;
  }

  #remember(session: Session): Session {
    this.#live.set(session.id, session);
    // A sub-agent's session is live too: opening it while it works must show that work.
    session.onSubAgent((child) => this.#remember(child));
    return session;
  }
}
