import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { EventStream } from "../../core/ports/driving/event-stream.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { McpServersApi } from "../../core/ports/driving/mcp-servers-api.ts";
import type { PluginsApi } from "../../core/ports/driving/plugins-api.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import { startDashboardSync } from "./dashboard-sync.ts";
import { Dashboard } from "./dashboard.ts";
import { BRACKETED_PASTE_OFF, KeyDecoder } from "./keys.ts";
import { loadPrefs, prefsSaver } from "./layout-store.ts";
import { RenderScheduler } from "./render-scheduler.ts";
import type { TuiShell } from "./shell.ts";
import { guardConsole, guardProcess } from "./terminal-guard.ts";
import { createTheme } from "./theme.ts";
import { DashboardWidgets } from "./widgets.ts";
import { openDashboardScreen } from "./blessed-parts.ts";
import { attachMouse } from "./mouse.ts";
import { DEFAULT_PANES, type AnyPaneSpec } from "./panes/registry.ts";
import { loadMarkdown } from "./view-model/markdown.ts";
import { isSimpleText, loadTextWidths } from "./view-model/text-width.ts";

export interface TuiOptions {
  /** Loads the engine; called after the first frame so nothing slow comes before it. */
  readonly engine: () => Promise<{
    sessions: SessionsApi; events: EventStream; mcp?: McpServersApi; plugins?: PluginsApi; sync?: SyncService | null;
    /** What went wrong while the engine loaded (a plugin not loaded…), one line each: shown as warnings. */
    startupProblems?: readonly string[];
  }>;
  readonly log: Logger;
  readonly projectRoot: string;
  readonly defaultMode: TrustMode;
  readonly provider: string;
  readonly model: string;
  /** Why prompts cannot be sent yet (no API key), shown instead of failing. */
  readonly providerProblem: string | null;
  /** Why a provider cannot be used now, keys.json read again; asked when a prompt is sent while there was a problem. */
  readonly recheckProvider?: (provider: string) => string | null;
  /** Looks for model servers on this machine (Ollama, LM Studio…), offered when no provider is configured. */
  readonly localServers?: () => Promise<readonly { name: string; label: string; baseUrl: string; models: readonly string[] }[]>;
  /** JSON file remembering pane sizes. */
  readonly layoutFile: string;
  readonly noColor: boolean;
  /** A session to open at start (`--resume`, `--continue`). */
  readonly open?: { readonly resume?: string | undefined; readonly continueLatest?: boolean | undefined; readonly pick?: boolean | undefined };
  /** Terminal streams; the process's by default (tests pass in-memory ones). */
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
  readonly terminal?: string;
  /** Whether to take over process-wide handlers (signals, crashes, console); off in in-process tests. */
  readonly ownProcess?: boolean;
  /** The panes to show; all-panes.ts by default. */
  readonly panes?: readonly AnyPaneSpec[];
  /** The skeleton painted before this code loaded (shell.ts): its screen is used, its keys replayed. */
  readonly shell?: TuiShell | null;
}

/** How long opening a session at start (--resume, --continue) waits for the start-up pull. */
const RESUME_PULL_WAIT_MS = 5_000;

/** On a first run without a provider: say which local servers answer, and how to use one. */
async function offerLocalServers(dashboard: Dashboard, find: NonNullable<TuiOptions["localServers"]>, log: Logger): Promise<void> {
  try {
    const found = await find();
    for (const server of found) {
      const models = server.models.length > 0 ? `models: ${server.models.slice(0, 5).join(", ")}${server.models.length > 5 ? ", …" : ""}` : "no model loaded yet";
      dashboard.say("info", `Found ${server.label} at ${server.baseUrl} (${models}). Use it with /provider ${server.name}${server.models[0] ? ` ${server.models[0]}` : ""}`);
    }
  } catch (error) {
    log.warn("local server detection failed", { error: String(error) });
  }
}

/** Runs the dashboard until the user quits; returns the exit code. */
export async function runTui(o: TuiOptions): Promise<number> {
  const ownProcess = o.ownProcess ?? true;
  const releaseConsole = ownProcess ? guardConsole(o.log) : () => undefined;
  // A screen of its own when no skeleton was painted (in-process tests, a project .mcp.json asked about first).
  const { blessed, screen } = o.shell ?? openDashboardScreen({ input: o.input, output: o.output, terminal: o.terminal });
  const panes = o.panes ?? DEFAULT_PANES;
  // The first frame shows these; text the fast measure cannot take waits for the full one.
  if (![o.projectRoot, o.provider, o.model, o.providerProblem ?? ""].every(isSimpleText)) await loadTextWidths();
  const widgets = new DashboardWidgets(blessed, screen, createTheme(o.noColor), panes);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    scheduler.cancel();
    screen.program.write(BRACKETED_PASTE_OFF);
    screen.destroy();
    releaseConsole();
  };
  const saver = prefsSaver(o.layoutFile, (e) => o.log.warn("could not save the layout", { error: String(e) }));
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const dashboard = new Dashboard({
    projectRoot: o.projectRoot,
    defaultMode: o.defaultMode,
    provider: o.provider,
    model: o.model,
    providerProblem: o.providerProblem,
    ...(o.recheckProvider ? { recheckProvider: o.recheckProvider } : {}),
    prefs: loadPrefs(o.layoutFile),
    savePrefs: (p) => saver.save(p),
    requestRender: () => scheduler.request(),
    onQuit: () => quit(),
    panes,
  });
  const scheduler = new RenderScheduler(() => {
    if (restored) return;
    dashboard.paint(widgets);
    screen.render();
  });
  let stopSync: () => number = () => 0;
  let finishSync: (sessionIds: readonly string[]) => Promise<number> = async () => stopSync();
  // A signal (the terminal closed, SIGTERM) quits too: the turns stop, and the leases end as on /exit.
  const releaseProcess = ownProcess ? guardProcess(o.log, restore, async () => {
    await dashboard.stop(500);
    await finishSync(dashboard.openSessionIds());
  }) : () => undefined;

  const decoder = new KeyDecoder((key) => dashboard.key(key));
  const feed = (ch: string | undefined, key: { name?: string }): void => decoder.feed(ch, key);
  const raw = (key: { sequence?: string }): void => decoder.raw(key);
  screen.on("keypress", feed);
  screen.program.input.on("keypress", (_ch: string | undefined, key: { sequence?: string }) => raw(key));
  screen.on("resize", () => scheduler.request());
  attachMouse(widgets, dashboard.panes, dashboard);
  // The skeleton's boxes go and the keys typed over it arrive, before the first frame is drawn.
  o.shell?.handOver(feed, raw);
  scheduler.flush();
  // blessed buffers output until the next tick; the engine loads synchronously heavy parts
  // (native driver, plugins) right after, so push the first frame out now.
  screen.program.flush();
  o.log.info("dashboard: first frame", { uptimeMs: Math.round(process.uptime() * 1000) });
  await new Promise((r) => setImmediate(r));

  let subscription: { unsubscribe(): void } | null = null;
  let unsent: number | null = null;
  try {
    // The markdown parser is needed from the first reply on; the grammars load with the first session (session-view.ts).
    // Text typed meanwhile is measured code point by code point, so redraw once widths are exact.
    const widths = loadTextWidths().then(() => scheduler.request());
    const [engine] = await Promise.all([o.engine(), loadMarkdown(), widths]);
    const synced = engine.sync ? startDashboardSync(dashboard, engine.sync, engine.sessions, engine.events, o.log) : null;
    if (synced) ({ stop: stopSync, finish: finishSync } = synced);
    subscription = dashboard.connect(synced?.sessions ?? engine.sessions, engine.events, engine.mcp ?? null, engine.plugins ?? null);
    // A session to resume may come from another device: let the start-up pull bring it (briefly).
    if (synced && (o.open?.resume || o.open?.continueLatest)) {
      dashboard.notify("syncing…");
      await Promise.race([synced.firstRound, new Promise((r) => setTimeout(r, RESUME_PULL_WAIT_MS).unref?.())]);
    }
    await openAtStart(dashboard, o.open);
    for (const problem of engine.startupProblems ?? []) dashboard.say("warn", problem);
    if (o.providerProblem && o.localServers) void offerLocalServers(dashboard, o.localServers, o.log);
    await quitting;
    await dashboard.stop(2_000);
    // The sessions stop running here: their leases end with one last push (a second at most).
    unsent = await finishSync(dashboard.openSessionIds());
    return 0;
  } catch (error) {
    o.log.error("dashboard failed", { error: (error as Error).stack ?? String(error) });
    restore();
    process.stderr.write(`ursa: ${(error as Error).message} (details in the log)\n`);
    return 1;
  } finally {
    // Quitting never waits on the network: the running round is aborted, the queue kept.
    unsent ??= stopSync();
    subscription?.unsubscribe();
    saver.flush();
    restore();
    releaseProcess();
    if (unsent > 0 && ownProcess) process.stderr.write(`ursa: ${unsent} change${unsent === 1 ? " is" : "s are"} not yet synced; they go with the next sync (ursa sync now).\n`);
  }
}

async function openAtStart(dashboard: Dashboard, open: TuiOptions["open"]): Promise<void> {
  if (open?.resume) return dashboard.openSession(open.resume);
  // `ursa --resume` without an id: the sessions pane is the picker.
  if (open?.pick) {
    dashboard.setFocus("sessions");
    return dashboard.notify("Pick a session to resume: ↑/↓ and Enter.");
  }
  if (open?.continueLatest) return dashboard.continueLatest();
}
