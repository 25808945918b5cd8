import type { EngineCommand } from "../domain/engine-command.ts";
import type { EngineEventBody, TodoItem, TurnEndReason } from "../domain/engine-event.ts";
import type { FileChange, FileDiff, UndoResult } from "../domain/file-change.ts";
import type { TodoEdit } from "../domain/todo-edit.ts";
import { newId } from "../domain/ids.ts";
import type { TrustMode } from "../domain/trust-mode.ts";
import type { TurnLimits } from "../domain/turn-limits.ts";
import type { StoredMessage } from "../domain/message.ts";
import type { TurnShortfall } from "../domain/session-info.ts";
import { promptSize, ZERO_USAGE, type SessionUsage, type TurnUsage } from "../domain/usage.ts";
import type { ImageData, LlmProvider } from "../ports/llm-provider.ts";
import type { SessionHandle } from "../ports/driving/session-handle.ts";
import type { FileChangeStore } from "../ports/file-change-store.ts";
import type { FileSystem } from "../ports/file-system.ts";
import type { LineChangeCounter } from "../ports/line-changes.ts";
import type { ProviderRegistry } from "../ports/provider-registry.ts";
import type { MessageLog } from "../ports/message-log.ts";
import type { SessionCatalog } from "../ports/session-catalog.ts";
import type { UsageQueries } from "../ports/usage-queries.ts";
import type { Agent } from "./agent.ts";
import { CommandInbox } from "./command-inbox.ts";
import { CommandInteraction } from "./command-interaction.ts";
import { subAgentInteraction } from "../ports/unattended-interaction.ts";
import type { Interaction } from "../ports/interaction.ts";
import { mergeRules, NO_RULES, type PermissionRule } from "../domain/permission-rules.ts";
import { SessionRules } from "./session-rules.ts";
import type { CompactOutcome } from "../domain/compact-outcome.ts";
import type { ModelSettings } from "../domain/model-settings.ts";
import { compactSession } from "./compaction.ts";
import type { EventBus } from "./event-bus.ts";
import { runInferenceLoop, type TurnStats } from "./inference-loop.ts";
import type { RetryPolicy } from "./provider-retry.ts";
import { FileTracker } from "./file-tracker.ts";
import { expandMentions } from "./mentions.ts";
import { compactCount } from "../domain/format.ts";
import { isAbortError, SessionCancel } from "./session-cancel.ts";
import { formatTodos, TodoList } from "./todo-list.ts";
import { recordTurnUsage, turnUsages } from "./turn-usage-record.ts";
import { failureReason, limitReason, StoredTurnFailure } from "./turn-failure.ts";

export const DEFAULT_LOOP_CAP = 200;
/** koda's budget for a sub-agent: enough for a focused task, and nobody is there to extend it. */
export const SUB_AGENT_LOOP_CAP = 30;
const TITLE_CHARS = 50;

export interface SessionOptions {
  readonly id: string;
  readonly agent: Agent;
  readonly sessions: SessionCatalog;
  readonly messages: MessageLog;
  readonly usage: UsageQueries;
  readonly bus: EventBus;
  readonly provider: LlmProvider;
  readonly settings: ModelSettings;
  readonly mode: TrustMode;
  /** Agent name stored with messages; null for the user's main conversation. */
  readonly agentName?: string | null;
  readonly subAgent?: boolean;
  readonly loopCap?: number;
  readonly retry?: RetryPolicy;
  readonly fs: FileSystem;
  readonly lineChanges: LineChangeCounter;
  readonly fileChanges: FileChangeStore;
  /** Lets the user switch provider or model mid-session. */
  readonly providers?: ProviderRegistry;
  /** Whether the session already has a title (a resumed session does). */
  readonly titled?: boolean;
}

/**
 * One conversation: its id, provider, trust mode, cancellation and command inbox over a
 * shared Agent. Runs one turn at a time; text submitted while a turn runs is queued for the
 * next provider call (`queue_next`).
 */
export class Session implements SessionHandle {
  readonly id: string;
  readonly agent: Agent;
  readonly #sessions: SessionCatalog;
  readonly #messages: MessageLog;
  readonly #bus: EventBus;
  readonly #cancel = new SessionCancel();
  readonly #inbox: CommandInbox;
  /** Who decides when the engine must ask; commands sent to the session until a driving adapter takes over. */
  #interaction: Interaction;
  readonly #options: SessionOptions;
  readonly #compactFailures = { count: 0 };
  #provider: LlmProvider;
  #settings: ModelSettings;
  #mode: TrustMode;
  #titleSet: boolean;
  #running: Promise<TurnEndReason> | null = null;
  readonly #tracker: FileTracker;
  readonly #todos: TodoList;
  /** The user's todo edits not yet told to the model. */
  #todoNote: string | null = null;
  /** The share of the context window the last request used (0..1), for the status bar. */
  #contextPct = 0;
  /** Working for a parent session's Task call: nobody to ask. Cleared when that call ends, so the user can take the session over. */
  #asSubAgent: boolean;
  /** While working for a parent: the parent's trust mode, so that a mode change reaches it at once. */
  #parentMode: (() => TrustMode) | null = null;
  readonly #subAgentListeners = new Set<(child: Session) => void>();
  readonly #rules = new SessionRules();
  readonly #failure: StoredTurnFailure;

  /** Creates a session object for a stored session and loads what it owns. */
  static async open(options: SessionOptions): Promise<Session> {
    const session = new Session(options);
    await session.#tracker.load();
    return session;
  }

  private constructor(options: SessionOptions) {
    this.id = options.id;
    this.agent = options.agent;
    this.#sessions = options.sessions;
    this.#messages = options.messages;
    this.#bus = options.bus;
    this.#provider = options.provider;
    this.#settings = options.settings;
    this.#mode = options.mode;
    this.#titleSet = options.titled ?? false;
    this.#asSubAgent = options.subAgent ?? false;
    this.#options = options;
    this.#inbox = new CommandInbox((dropped) => {
      // Said before the turn ends, so a view can take back what it showed as queued.
      if (dropped.length > 0) this.#emit({ type: "queued_dropped", texts: dropped });
      this.#cancel.interrupt();
    });
    this.#interaction = new CommandInteraction(this.#inbox);
    this.#tracker = new FileTracker({
      sessionId: this.id,
      projectRoot: options.agent.project.root,
      fs: options.fs,
      lineChanges: options.lineChanges,
      store: options.fileChanges,
      excluded: options.agent.protectedDirs,
      announce: (change) => this.#emit({ type: "file_changed", change }),
    });
    this.#failure = new StoredTurnFailure(options.sessions, this.id);
    this.#todos = new TodoList(options.sessions, this.id, (items, diff) => this.#emit({ type: "todo_updated", items, diff }));
  }

  get mode(): TrustMode {
    return this.#mode;
  }

  get settings(): ModelSettings {
    return this.#settings;
  }

  get providerName(): string {
    return this.#provider.name;
  }

  get isRunning(): boolean {
    return this.#running !== null;
  }

  /** Changes the trust mode; saved so a resumed session gets it back. */
  async setMode(mode: TrustMode): Promise<void> {
    this.#mode = mode;
    await this.#sessions.setSessionMode(this.id, mode);
    this.#emitStatus();
  }

  /** Swaps the provider or model; the next request uses them. */
  setProvider(provider: LlmProvider, settings: ModelSettings): void {
    this.#provider = provider;
    this.#settings = settings;
    this.#emitStatus();
  }

  /**
   * `/provider` and `/model`: switches to another provider and/or model for the next request
   * (the history converts to the new wire format), and remembers the choice for resume.
   */
  async switchModel(choice: { provider?: string; model?: string }, signal: AbortSignal = AbortSignal.timeout(10_000)): Promise<void> {
    const registry = this.#options.providers;
    if (!registry) throw new Error("this session cannot switch providers");
    const name = choice.provider ?? this.#provider.name;
    const model = choice.model ?? (choice.provider === undefined ? this.#settings.model : undefined);
    const { provider, settings } = await registry.resolve(name, model, signal);
    this.setProvider(provider, { ...settings, ...(this.#settings.thinkingBudget ? { thinkingBudget: this.#settings.thinkingBudget } : {}) });
    await this.#sessions.setMetadata(this.id, "provider", name);
    await this.#sessions.setMetadata(this.id, "model", settings.model);
    this.#emit({ type: "info", message: `Now using ${settings.model} (${name}).` });
  }

  /** Hands this session's decisions to `interaction` (the dashboard, a headless run); null: back to commands. */
  setInteraction(interaction: Interaction | null): void {
    this.#interaction = interaction ?? new CommandInteraction(this.#inbox);
  }

  /** Delivers a command: interrupt, a decision the engine waits for, or queued text. */
  send(command: EngineCommand): void {
    this.#inbox.send(command);
  }

  /**
   * Sends the user's text. While a turn runs it is queued and joins the next request;
   * otherwise it is stored and a turn starts. Resolves when that turn ends.
   */
  prompt(text: string, options: { images?: readonly ImageData[]; limits?: TurnLimits } = {}): Promise<TurnEndReason> {
    if (this.#running) {
      this.send({ type: "queue_next", text });
      return this.#running;
    }
    // The turn (and its cancellation) starts now, before anything is awaited: an interrupt or a
    // second prompt arriving while the prompt is being stored must find it running.
    return this.#start(async (signal) => {
      const note = this.#takeTodoNote();
      // A mention that cannot be read (permissions, an interrupt) must not lose the prompt itself.
      const expanded = await expandMentions(text, { fs: this.#options.fs, projectRoot: this.agent.project.root, signal }).catch(() => ({ text, images: [] }));
      // Text sent while this prompt was being prepared belongs with it, not after it.
      const queued = this.#inbox.drainQueued();
      const content = [note, expanded.text, ...queued].filter((part) => part !== null).join("\n\n");
      await this.#messages.insertMessage(this.id, { role: "user", content, agentName: this.#options.agentName ?? null, complete: true });
      if (queued.length > 0) this.#emit({ type: "queued_sent", texts: queued });
      if (!this.#titleSet) {
        this.#titleSet = true;
        await this.#sessions.setSessionTitle(this.id, titleFrom(text));
      }
      return [...(options.images ?? []), ...expanded.images];
    }, options.limits);
  }

  /** Runs a turn on the stored history as it is (e.g. after the user typed "continue"). */
  runTurn(options: { images?: readonly ImageData[]; limits?: TurnLimits } = {}): Promise<TurnEndReason> {
    if (this.#running) return this.#running;
    return this.#start(async () => options.images ?? [], options.limits);
  }

  #start(prepare: (signal: AbortSignal) => Promise<readonly ImageData[]>, limits?: TurnLimits): Promise<TurnEndReason> {
    const running = this.#turn(prepare, limits).finally(() => {
      this.#running = null;
    });
    this.#running = running;
    return running;
  }

  async #turn(prepare: (signal: AbortSignal) => Promise<readonly ImageData[]>, limits?: TurnLimits): Promise<TurnEndReason> {
    const turnId = newId();
    const controller = this.#cancel.child();
    const signal = controller.signal;
    const started = Date.now();
    const stats: TurnStats = { usage: ZERO_USAGE, chars: 0, costUsd: null };
    this.#emit({ type: "turn_started", turnId });
    this.#emitStatus();
    let reason: TurnEndReason;
    let shortfall: TurnShortfall | null = null;
    try {
      await this.#failure.clear();
      const images = await prepare(signal);
      // Edits the user made to the todos after the prompt was stored join the first request.
      const note = this.#takeTodoNote();
      if (note) this.#inbox.send({ type: "queue_next", text: note });
      const stop = await runInferenceLoop(
        {
          sessionId: this.id,
          agentName: this.#options.agentName ?? null,
          systemPrompt: withDynamicPrompt(this.agent),
          projectRoot: this.agent.project.root,
          messages: this.#messages,
          provider: this.#provider,
          settings: this.#settings,
          registry: this.agent.tools,
          inbox: this.#inbox,
          loopCap: this.#asSubAgent ? SUB_AGENT_LOOP_CAP : (this.#options.loopCap ?? DEFAULT_LOOP_CAP),
          ...(this.#options.retry ? { retry: this.#options.retry } : {}),
          ...(limits ? { limits } : {}),
          images,
          compactFailures: this.#compactFailures,
          dispatch: {
            currentMode: () => this.#parentMode?.() ?? this.#mode,
            subAgent: this.#asSubAgent,
            // Working for a parent's Task call, nobody is there to ask.
            interaction: this.#asSubAgent ? subAgentInteraction() : this.#interaction,
            scratchDirs: this.agent.scratchDirs,
            protectedDirs: this.agent.protectedDirs,
            secrets: this.agent.secrets ?? [],
            homeDir: this.agent.homeDir,
            ...(this.#asSubAgent ? {} : { spawnAgent: (input: { name: string; description: string; prompt: string }) => this.#runSubAgent(input, signal) }),
            turnId,
            tracker: this.#tracker,
            hooks: this.agent.hooks,
            todos: this.#todos,
            realPath: (path, signal) => this.#options.fs.realPath(path, signal),
            hardLinks: async (path, signal) => {
              const stat = await this.#options.fs.stat(path, signal).catch(() => null);
              return stat?.kind === "file" ? (stat.links ?? 1) : 1;
            },
            permissions: () => mergeRules(this.agent.permissions?.() ?? NO_RULES, { allow: this.#rules.allowed, deny: [], ask: [] }),
          },
          emit: (body) => {
            if (body.type === "turn_limit_reached") shortfall = { kind: "failed", reason: limitReason(body) };
            this.#emit(body);
          },
        },
        signal,
        stats,
      );
      reason = signal.aborted ? { kind: "cancelled" } : { kind: "complete" };
      if (stop !== null) shortfall = { kind: "stopped", reason: stop };
    } catch (error) {
      if (signal.aborted || isAbortError(error)) {
        reason = { kind: "cancelled" };
      } else {
        const message = (error as Error).message ?? String(error);
        this.#emit({ type: "error", message });
        reason = { kind: "error", message };
        shortfall = { kind: "failed", reason: failureReason(error) };
      }
    } finally {
      controller.abort();
    }
    if (reason.kind === "cancelled") shortfall = null;
    if (shortfall !== null) await this.#failure.record(shortfall, (body) => this.#emit(body));
    const footer = this.#emitFooter(stats, Date.now() - started);
    await recordTurnUsage(this.#options, this.id, footer).catch((error: Error) => this.#emit({ type: "warn", message: `Could not store the turn's usage: ${error.message}` }));
    this.#emit({ type: "turn_ended", turnId, reason });
    return reason;
  }

  /** Cancels the running turn (and anything it started); the next turn starts fresh. */
  interrupt(): void {
    this.send({ type: "interrupt" });
  }

  /**
   * A sub-agent: a child session (stored under this one) on the same agent, provider and trust
   * mode, with nobody to ask. An interrupt of this turn interrupts it too. Resolves to its last
   * reply, whatever became of its turn.
   */
  async #runSubAgent(input: { name: string; description: string; prompt: string }, signal: AbortSignal): Promise<{ sessionId: string; answer: string; outcome: TurnEndReason }> {
    const id = await this.#sessions.createSession({ agentName: input.name, project: this.agent.project, mode: this.#mode, parentId: this.id });
    await this.#sessions.setSessionTitle(id, input.description);
    const child = await Session.open({
      ...this.#options,
      id,
      provider: this.#provider,
      settings: this.#settings,
      mode: this.#mode,
      agentName: input.name,
      subAgent: true,
      titled: true,
    });
    this.#emit({ type: "subagent_started", childSessionId: id, agentName: input.name, description: input.description });
    const stop = () => child.interrupt();
    signal.addEventListener("abort", stop, { once: true });
    try {
      child.#parentMode = () => this.#mode;
      const turn = child.prompt(input.prompt);
      // Esc during the child's setup: the listener above came too late to hear it.
      if (signal.aborted) child.interrupt();
      for (const listener of this.#subAgentListeners) listener(child);
      const outcome = await turn;
      this.#emit({ type: "subagent_finished", childSessionId: id, reason: outcome });
      return { sessionId: id, answer: (await this.#messages.lastAssistantMessage(id)) ?? "", outcome };
    } finally {
      signal.removeEventListener("abort", stop);
      child.#asSubAgent = false;
      child.#parentMode = null;
    }
  }

  /**
   * Tells the keeper of live sessions about each sub-agent this session starts (already
   * running), so that opening the child's session shares that object instead of making a
   * second, idle one that would write to the same history.
   */
  onSubAgent(listener: (child: Session) => void): void {
    this.#subAgentListeners.add(listener);
  }

  /** `/compact`: summarises the older half of the history now (not while a turn runs: it may compact too). */
  async compact(signal?: AbortSignal): Promise<CompactOutcome> {
    if (this.#running) throw new Error("a turn is running; compact when it has finished, or interrupt it (Esc)");
    const own = signal ? null : this.#cancel.child();
    try {
      return await this.#compact(signal ?? own!.signal);
    } finally {
      own?.abort();
    }
  }

  async #compact(signal: AbortSignal): Promise<CompactOutcome> {
    const outcome = await compactSession(
      {
        sessionId: this.id,
        messages: this.#messages,
        provider: this.#provider,
        model: this.#settings.model,
        contextWindow: this.#settings.contextWindow,
        ...(this.#options.retry ? { retry: this.#options.retry } : {}),
      },
      signal,
    );
    if (outcome.kind === "compacted") this.#emit({ type: "compacted", archived: outcome.archived, preserved: outcome.preserved, trigger: "manual" });
    return outcome;
  }

  history(beforeId: string | null, limit: number): Promise<StoredMessage[]> {
    return this.#messages.loadMessagesBefore(this.id, beforeId, limit);
  }

  usage(): Promise<SessionUsage> {
    return this.#options.usage.sessionTokenUsage(this.id);
  }

  usageByAgent(): Promise<{ agentName: string; usage: SessionUsage }[]> {
    return this.#options.usage.sessionUsageByAgent(this.id);
  }

  turnUsages(messageIds: readonly string[]): Promise<ReadonlyMap<string, TurnUsage>> {
    return turnUsages(this.#options.sessions, this.id, messageIds);
  }

  todos(): Promise<TodoItem[]> {
    return this.#todos.read();
  }

  async editTodos(edit: TodoEdit): Promise<TodoItem[]> {
    const items = await this.#todos.edit(edit);
    this.#todoNote = `[The user updated the todo list. ${formatTodos(items)}]`;
    if (this.#running) this.send({ type: "queue_next", text: this.#takeTodoNote()! });
    return items;
  }

  /** Allows calls matching `rule` (Claude Code syntax, `Bash(npm test:*)`, `Write`) without asking, for the rest of this session. */
  allowForSession(rule: string): PermissionRule {
    return this.#rules.allow(rule);
  }

  sessionRules(): readonly PermissionRule[] {
    return this.#rules.allowed;
  }

  removeSessionRule(text: string): boolean {
    return this.#rules.remove(text);
  }

  fileChanges(): Promise<FileChange[]> {
    return this.#tracker.changes();
  }

  fileDiff(change: { turnId: string; path: string }): Promise<FileDiff> {
    return this.#tracker.diff(change);
  }

  hasUndoableTurn(): Promise<boolean> {
    return this.#tracker.hasUndoableTurn();
  }

  async undoLastTurn(): Promise<UndoResult> {
    if (this.#running) throw new Error("a turn is running; interrupt it (Esc) before undoing");
    const result = await this.#tracker.undoLastTurn(new AbortController().signal);
    if (result.turnId) this.#emit({ type: "files_undone", result });
    return result;
  }

  #takeTodoNote(): string | null {
    const note = this.#todoNote;
    this.#todoNote = null;
    return note;
  }

  #emit(body: EngineEventBody): void {
    if (body.type === "context_usage") this.#contextPct = body.max > 0 ? Math.min(1, body.used / body.max) : 0;
    this.#bus.emit({ sessionId: this.id, ...body });
  }

  #emitStatus(): void {
    this.#emit({ type: "status_changed", provider: this.#provider.name, model: this.#settings.model, mode: this.#mode, contextPct: this.#contextPct });
  }

  #emitFooter(stats: TurnStats, elapsedMs: number): TurnUsage {
    const { usage } = stats;
    const prompt = promptSize(usage);
    const window = this.#settings.contextWindow;
    const footer: TurnUsage = { usage, costUsd: stats.costUsd, elapsedMs, tokensPerSecond: elapsedMs > 0 ? Math.round((usage.completionTokens / elapsedMs) * 1000 * 10) / 10 : 0 };
    this.#emit({
      type: "usage_reported",
      ...footer,
      totalChars: stats.chars,
      context: `${compactCount(prompt)}/${compactCount(window)} (${Math.round((prompt / window) * 100)}%)`,
    });
    return footer;
  }
}

function withDynamicPrompt(agent: Agent): string {
  const extra = agent.dynamicPrompt?.().trim();
  return extra ? `${agent.systemPrompt}\n\n${extra}` : agent.systemPrompt;
}

function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}
