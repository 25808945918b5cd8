import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { EventStream } from "../../core/ports/driving/event-stream.ts";
import type { McpServersApi } from "../../core/ports/driving/mcp-servers-api.ts";
import type { PluginsApi } from "../../core/ports/driving/plugins-api.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import { describeInterruption } from "../../core/domain/interruption.ts";
import { allowRuleReach } from "../../core/domain/permission-rules.ts";
import type { ResumedSession } from "../../core/ports/driving/sessions-api.ts";
import { DashboardInteraction } from "./dashboard-interaction.ts";
import { TypingGate } from "./modals/typing-gate.ts";
import type { AppContext } from "./app-context.ts";
import { runSlash, slashCommands } from "./commands.ts";
import { handleKey } from "./keymap.ts";
import type { Key } from "./keys.ts";
import type { Modal } from "./modals/modal.ts";
import { paintDashboard } from "./paint.ts";
import { SessionListing } from "./session-listing.ts";
import { SessionView } from "./session-view.ts";
import type { NoticeLevel } from "./view-model/blocks.ts";
import { ConversationModel } from "./view-model/conversation.ts";
import { EditorModel } from "./view-model/editor.ts";
import { resizedPrefs, type LayoutPrefs } from "./view-model/layout.ts";
import { PaletteModel } from "./view-model/palette.ts";
import { SessionListModel } from "./view-model/session-list.ts";
import { PaneRegistry, type AnyPaneSpec } from "./panes/registry.ts";
import { StatusModel, type McpSummary } from "./view-model/status.ts";
import type { Span } from "./view-model/styled.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import { DashboardSyncState } from "./dashboard-sync-state.ts";
import type { DashboardWidgets } from "./widgets.ts";
import { welcomeNotices } from "./welcome.ts";
import { learnServedModel } from "./served-model.ts";
import { QuitKeys } from "./quit-keys.ts";
import { StatusNotice } from "./status-notice.ts";
import { takeUpFoundKey } from "./found-key.ts";
import { InputCompletion } from "./input-completion.ts";

export interface DashboardOptions {
  readonly projectRoot: string;
  readonly defaultMode: TrustMode;
  readonly provider: string;
  readonly model: string;
  providerProblem: string | null;
  readonly prefs: LayoutPrefs;
  readonly savePrefs: (prefs: LayoutPrefs) => void;
  readonly requestRender: () => void;
  readonly onQuit: () => void;
  /** The panes to show (all-panes.ts by default). */
  readonly panes: readonly AnyPaneSpec[];
  /** Why `provider` cannot be used now, keys.json read again (written since Ursa started); null: it can. */
  readonly recheckProvider?: (provider: string) => string | null;
}

const INTERRUPTING = "interrupting…";
/** The pause in typing after which an engine question takes keys (issue 12: typed-ahead keys approved a Write). */
const TYPING_PAUSE_MS = 300;
/** Said (in the status bar) when keys typed on after a dialog closed were dropped. */
const DROPPED_TYPING = "the dialog closed: the rest of that typing was dropped (pause before typing on)";

/** The dashboard's state and behaviour; widgets are painted from it by `paint.ts`. */
export class Dashboard implements AppContext {
  readonly editor = new EditorModel();
  readonly palette = new PaletteModel();
  readonly list = new SessionListModel();
  readonly projectRoot: string;
  providerProblem: string | null;
  focus = "input";
  prefs: LayoutPrefs;
  readonly panes: PaneRegistry;
  readonly #notice = new StatusNotice(() => this.redraw());
  readonly draftStatus: StatusModel;
  readonly #o: DashboardOptions;
  readonly #views = new Map<string, SessionView>();
  #api: SessionsApi | null = null;
  #mcp: McpServersApi | null = null;
  #plugins: PluginsApi | null = null;
  #current: SessionView | null = null;
  #draft = new ConversationModel();
  #modals: Modal[] = [];
  readonly #gate = new TypingGate(TYPING_PAUSE_MS, () => this.redraw());
  /** The engine's questions (approvals, AskUser, loop cap), queued per session until answered. */
  readonly #interaction = new DashboardInteraction(
    (id) => this.#decisionsChanged(id),
    (id) => this.#views.get(id)?.handle.interrupt(),
    (id, rule) => this.#allowForSession(id, rule),
  );
  readonly #quitKeys = new QuitKeys({
    running: () => [...this.#views.values()].filter((v) => v.handle.isRunning).length,
    interruptInView: () => {
      if (!this.#current?.handle.isRunning) return false;
      this.#current.handle.interrupt();
      this.notify(INTERRUPTING);
      return true;
    },
    clearInput: () => {
      const hadDraft = this.editor.take().trim() !== "";
      this.palette.close();
      return hadDraft;
    },
    notify: (text) => this.notify(text),
    quit: () => this.quit(),
  });
  /** Sync's status, marks and following (attached by dashboard-sync.ts once the engine is loaded). */
  readonly sync = new DashboardSyncState({
    list: this.list,
    current: () => this.#current,
    refreshSessions: () => this.refreshSessions(),
    redraw: () => this.redraw(),
    say: (level, text) => this.say(level, text),
    views: () => this.#views.values(),
    reload: (view) => void this.#reload(view),
  });
  readonly #listing = new SessionListing(this.list, { api: () => this.#api, redraw: () => this.redraw(), notify: (text) => this.notify(text) });
  readonly #inputCompletion = new InputCompletion(this);
  readonly #turns = new Set<Promise<unknown>>();
  /** Resolves when the engine is connected; a prompt typed before that waits for it. */
  readonly #ready: Promise<void>;
  #connected: () => void = () => undefined;
  /** Aborted when the engine is unhooked (quitting): requests made for the screen end with it. */
  readonly #closing = new AbortController();

  constructor(options: DashboardOptions) {
    this.#o = options;
    this.projectRoot = options.projectRoot;
    this.providerProblem = options.providerProblem;
    this.prefs = options.prefs;
    this.draftStatus = new StatusModel({ provider: options.provider, model: options.model, mode: options.defaultMode });
    this.#ready = new Promise((resolve) => (this.#connected = resolve));
    this.#welcome();
    this.panes = new PaneRegistry(options.panes, this);
  }

  /** Hooks the engine up once it is loaded (after the first frame). */
  connect(api: SessionsApi, events: EventStream, mcp: McpServersApi | null = null, plugins: PluginsApi | null = null): { unsubscribe(): void } {
    this.#api = api;
    this.#mcp = mcp;
    this.#plugins = plugins;
    this.#connected();
    this.refreshSessions();
    void learnServedModel(api, this.draftStatus, this.#closing.signal, () => this.redraw());
    const stopMcp = mcp?.onChange(() => this.redraw()) ?? (() => undefined);
    const subscription = events.attach({ handle: (event) => this.#onEvent(event) }, (error) => this.say("error", `display error: ${String(error)}`));
    return {
      unsubscribe: () => {
        this.#closing.abort();
        stopMcp();
        subscription.unsubscribe();
      },
    };
  }

  connected(): Promise<void> {
    return this.#ready;
  }

  api(): SessionsApi | null {
    return this.#api;
  }

  mcp(): McpServersApi | null {
    return this.#mcp;
  }

  plugins(): PluginsApi | null {
    return this.#plugins;
  }

  syncService(): SyncService | null {
    return this.sync.service();
  }

  syncSegment(now: number): Span {
    return this.sync.segment(now);
  }

  takeOver(): void {
    this.sync.takeOver();
  }

  syncNow(): void {
    this.sync.now();
  }

  /** For the status bar: connected servers of all configured, and failures. */
  mcpSummary(): McpSummary | null {
    const servers = this.#mcp?.status();
    if (!servers) return null;
    return { connected: servers.filter((s) => s.state === "connected").length, total: servers.length, failed: servers.filter((s) => s.state === "failed").length };
  }
  current(): SessionView | null {
    return this.#current;
  }
  conversation(): ConversationModel {
    return this.#current?.conversation ?? this.#draft;
  }
  status(): StatusModel {
    return this.#current?.status ?? this.draftStatus;
  }
  scrollConversation(pages: number): void {
    const box = this.panes.pane("conversation");
    box?.key?.({ name: pages < 0 ? "pageup" : "pagedown", ch: undefined, ctrl: false, meta: false, shift: false });
  }
  focused(): string {
    return this.focus;
  }
  setFocus(paneId: string): void {
    if (!this.panes.spec(paneId)?.focusable) return;
    // Focusing the sessions pane also fetches other devices' sessions (throttled by the scheduler).
    if (paneId === "sessions" && this.focus !== "sessions") this.sync.pullSoon();
    this.focus = paneId;
  }
  modalOpen(): boolean {
    return this.activeModal() !== null;
  }
  notice(): string | null {
    return this.#notice.text();
  }
  mode(): TrustMode {
    return this.status().mode;
  }

  setMode(mode: TrustMode): void {
    this.status().mode = mode;
    this.#current?.handle.setMode(mode).catch((e: Error) => this.notify(e.message));
    this.notify(`trust mode: ${mode}`);
  }

  activeModal(): Modal | null {
    return this.#modals.at(-1) ?? (this.#current ? this.#interaction.pending(this.#current.id)[0] : undefined) ?? null;
  }
  openModal(modal: Modal): void {
    this.#modals.push(modal);
    this.redraw();
  }
  modalTakes(modal: Modal): boolean {
    return this.#gate.admits(modal);
  }
  modalWaiting(): boolean {
    this.#gate.observe(this.activeModal());
    return this.#gate.waiting();
  }
  closeModal(modal: Modal): void {
    this.#gate.closedOnKey();
    this.#modals = this.#modals.filter((m) => m !== modal);
    this.#interaction.done(modal);
  }

  notify(text: string): void {
    this.#notice.show(text);
  }

  clearNotice(text: string): void {
    this.#notice.clear(text);
  }

  say(level: NoticeLevel, text: string): void {
    this.conversation().addNotice(level, text);
    this.conversation().viewport.follow();
    this.redraw();
  }

  redraw(): void {
    this.#o.requestRender();
  }

  submit(text: string): void {
    const trimmed = text.trim();
    if (trimmed === "") return;
    if (trimmed.startsWith("/")) return runSlash(this, trimmed);
    const keyFound = this.providerProblem !== null && this.#recheckProvider();
    if (this.providerProblem) {
      this.editor.set(text);
      return this.say("warn", `${this.providerProblem}\nYour prompt is kept in the input: press Enter again once the key is set.`);
    }
    const elsewhere = this.#current ? this.sync.heldElsewhere(this.#current) : null;
    if (elsewhere) return this.say("warn", `This session is running on ${elsewhere.device}; it is read-only here. /takeover continues it on this machine. Your text was kept in the input history (↑).`);
    void (keyFound ? takeUpFoundKey(this.#views.values(), this.status().provider, (e) => this.say("error", e.message)) : Promise.resolve()).then(() => this.ensureSession()).then((view) => {
      if (!view) return;
      view.conversation.addUser(text, view.handle.isRunning);
      view.conversation.viewport.follow();
      // After the interruption banner, "continue" answers what was left, without a new message.
      const resume = view.interrupted && trimmed.toLowerCase() === "continue" && !view.handle.isRunning;
      view.interrupted = false;
      const turn = (resume ? view.handle.runTurn() : view.handle.prompt(text)).catch((e: Error) => this.say("error", `✗ ${e.message}`));
      this.#turns.add(turn);
      void turn.finally(() => {
        this.#turns.delete(turn);
        this.sync.turnEnded(view);
      });
      this.refreshSessions();
      this.redraw();
    });
  }

  /** No key was configured: asks again (keys.json may have one now); true when one was found. */
  #recheckProvider(): boolean {
    const recheck = this.#o.recheckProvider;
    if (!recheck) return false;
    this.providerProblem = recheck(this.status().provider);
    return this.providerProblem === null;
  }

  async ensureSession(): Promise<SessionView | null> {
    if (this.#current) return this.#current;
    if (!this.#api) {
      this.notify("loading…");
      await this.#ready;
      if (this.#current) return this.#current;
    }
    try {
      const handle = await this.#api!.create(this.draftStatus.mode);
      const view = new SessionView(handle, this.projectRoot, this.#interaction);
      this.#views.set(handle.id, view);
      this.#show(view);
      this.refreshSessions();
      return view;
    } catch (error) {
      this.say("error", `Could not create a session: ${(error as Error).message}`);
      return null;
    }
  }

  async openSession(id: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const open = this.#views.get(id);
    if (open) return this.#show(open);
    await this.#open(() => api.resume(id));
  }

  /** `--continue`: the project's latest top-level session, as the core finds it for `ursa -p` too. */
  async continueLatest(): Promise<void> {
    const api = this.#api;
    if (api) await this.#open(() => api.continueLatest());
  }

  /**
   * Opens a session: shown read-only while another device holds it, else held by this device
   * from now on. `reloading` is the view it replaces (sync pulled rows of it): shown again only
   * if it is still the one in view, and saying so when the device that held it let go.
   */
  async #open(find: () => Promise<ResumedSession>, reloading: SessionView | null = null): Promise<void> {
    try {
      const resumed = await find();
      const id = resumed.session.id;
      const view = this.#views.get(id) ?? new SessionView(resumed.session, this.projectRoot, this.#interaction);
      if (!this.#views.has(id)) {
        this.#views.set(id, view);
        await view.load(resumed.interruption, describeInterruption);
        if (resumed.interruption) this.list.setLeftOver(id, resumed.interruption);
        const lease = resumed.info.leasedBy;
        view.liveElsewhere = lease ? { device: lease.device, until: lease.until } : null;
        if (lease) view.conversation.addNotice("warn", `Running on ${lease.device} (opened or written there in the last two minutes): read-only here, following it live. /takeover continues it on this machine.`);
        else {
          const before = reloading?.liveElsewhere;
          if (before) view.conversation.addNotice("info", `${before.device} no longer runs this session: it continues here.`);
          this.sync.hold(id);
        }
      }
      if (reloading === null || this.#current === reloading) this.#show(view);
    } catch (error) {
      this.notify(`Could not open the session: ${(error as Error).message}`);
    }
  }

  /** Reads an open session again from the store: what sync pulled for it, and who holds it now. */
  async #reload(view: SessionView): Promise<void> {
    const api = this.#api;
    if (!api || this.#views.get(view.id) !== view) return;
    this.#views.delete(view.id);
    await this.#open(() => api.resume(view.id), view);
  }

  newSession(): void {
    this.#current = null;
    this.sync.follow(false);
    this.list.currentId = null;
    this.#draft = new ConversationModel();
    this.#welcome();
    this.redraw();
  }

  refreshSessions(): void {
    this.#listing.refresh();
  }

  /** Alt+arrows: widens or narrows the focused pane's column, gives it more or less of the column's height. */
  resize(dx: number, dy: number): void {
    const dock = this.panes.spec(this.focus)?.dock;
    if (dock !== "left" && dock !== "right") return;
    this.prefs = resizedPrefs(this.panes.layoutPanes(80), this.prefs, this.focus, dock, dx, dy);
    this.#o.savePrefs(this.prefs);
  }

  ctrlD(): void {
    this.#quitKeys.ctrlD();
  }

  ctrlC(): void {
    this.#quitKeys.ctrlC();
  }

  quit(): void {
    this.#o.onQuit();
  }

  /** The sessions opened in this dashboard (their leases end when it quits). */
  openSessionIds(): string[] {
    return [...this.#views.keys()];
  }

  /** Interrupts running turns and waits (briefly) for them to be stored. */
  async stop(timeoutMs: number): Promise<void> {
    for (const view of this.#views.values()) if (view.handle.isRunning) view.handle.interrupt();
    await Promise.race([Promise.allSettled([...this.#turns]), new Promise((r) => setTimeout(r, timeoutMs).unref?.())]);
  }

  key(key: Key): void {
    // The rest of the typing that closed a dialog is not meant for the input (Ctrl+C and Ctrl+D still work).
    if (!(key.ctrl && (key.name === "c" || key.name === "d")) && this.#gate.drops()) {
      if (this.notice() !== DROPPED_TYPING) this.notify(DROPPED_TYPING);
      return;
    }
    // Every key counts as typing, so a burst that began before a question opened is seen as one.
    if (!this.activeModal()) this.#gate.admits(null);
    handleKey(this, key);
  }

  inputChanged(): void {
    this.#inputCompletion.update();
  }

  /** Loads older history when the reader scrolled to the top of what is loaded. */
  wantOlder(): void {
    const view = this.#current;
    if (view) void view.loadOlder().then((loaded) => loaded && this.redraw());
  }

  paint(widgets: DashboardWidgets): void {
    paintDashboard(this, widgets);
  }

  #show(view: SessionView): void {
    this.#current = view;
    this.sync.follow(view.liveElsewhere !== null);
    this.list.currentId = view.id;
    this.list.select(view.id);
    this.redraw();
  }

  #onEvent(event: EngineEvent): void {
    const listChanged = this.list.apply(event);
    this.#listing.tickWhileRunning();
    if (event.type === "turn_ended") this.clearNotice(INTERRUPTING);
    const view = this.#views.get(event.sessionId);
    if (view) view.apply(event, () => this.redraw());
    // A plugin that failed or was disabled after crashes: said in the session and, wherever the user looks, in the status bar.
    if (event.type === "warn" && event.message.startsWith("the plugin ")) this.notify(`⚠ ${event.message}`);
    // The sessions pane's tokens and cost move with every model call (and the first turn's title appears).
    if (event.type === "turn_started" || event.type === "turn_ended" || event.type === "usage_reported" || event.type === "context_usage") this.refreshSessions();
    if (listChanged || (view && view === this.#current)) this.redraw();
  }

  #allowForSession(sessionId: string, rule: string): boolean {
    const view = this.#views.get(sessionId);
    if (!view) return false;
    try {
      const kept = view.handle.allowForSession(rule);
      this.notify(`always allowed in this session: ${rule}, ${allowRuleReach(kept)} (/permissions lists and removes rules)`);
      return true;
    } catch (error) {
      this.say("error", (error as Error).message);
      return false;
    }
  }

  /** A question was queued or answered: the sessions pane shows who waits, and a session out of view says so. */
  #decisionsChanged(sessionId: string): void {
    const waiting = this.#interaction.pending(sessionId).length > 0;
    this.list.setWaiting(sessionId, waiting);
    if (waiting && sessionId !== this.#current?.id) {
      this.notify(`"${this.list.sessions.find((s) => s.id === sessionId)?.title ?? sessionId.slice(0, 8)}" waits for you: open it in Sessions`);
    }
    this.redraw();
  }

  #welcome(): void {
    for (const [level, text] of welcomeNotices(this.projectRoot, this.providerProblem)) this.#draft.addNotice(level, text);
  }
}
