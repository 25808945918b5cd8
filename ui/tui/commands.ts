import { parseTrustMode } from "../../core/domain/trust-mode.ts";
import type { AppContext } from "./app-context.ts";
import { DiffModal } from "./modals/diff-modal.ts";
import { ConfirmModal, TextModal } from "./modals/simple-modals.ts";
import { runMcpCommand } from "./mcp-commands.ts";
import { helpText, parseSlash } from "./view-model/slash-commands.ts";
import { formatCost } from "./view-model/status.ts";

/** Runs a slash command typed in the input. */
export function runSlash(app: AppContext, text: string): void {
  const parsed = parseSlash(text);
  if (!parsed) return;
  const { command, args } = parsed;
  if (!command) return app.say("warn", `Unknown command /${parsed.name}; /help lists them.`);
  if (command.unavailable) return app.say("info", `/${command.name} is not available yet: ${command.unavailable}.`);
  switch (command.name) {
    case "help":
      return app.openModal(new TextModal("Help", helpText()));
    case "new":
      return app.newSession();
    case "sessions":
      if (args === "all") {
        app.list.allProjects = !app.list.allProjects;
        app.refreshSessions();
      }
      app.focus = "sessions";
      return;
    case "mode": {
      if (!args) return app.say("info", `Trust mode: ${app.mode()} (plan: read only · safe: ask before changes · auto: change the project without asking). Shift+Tab cycles.`);
      const mode = parseTrustMode(args);
      if (!mode) return app.say("warn", `Unknown mode "${args}"; use plan, safe or auto.`);
      return app.setMode(mode);
    }
    case "compact":
      return compact(app);
    case "todos":
    case "files":
      app.focus = command.name;
      return;
    case "undo":
      return undoLastTurn(app);
    case "purge":
      return purge(app, args);
    case "model":
    case "provider":
      return switchModel(app, command.name, args);
    case "cost":
      return showCost(app);
    case "mcp":
      return runMcpCommand(app, args);
    case "local":
      return markLocalOnly(app, args);
    case "takeover":
      return app.takeOver();
    case "exit":
      return app.quit();
  }
}

/** `/local`: keeps the session (and its sub-agents) off the sync server; `/local off` shares it again. */
function markLocalOnly(app: AppContext, args: string): void {
  if (args !== "" && args !== "off") return app.say("warn", "Usage: /local (keep this session off the sync server) or /local off (share it again).");
  const local = args === "";
  void app.ensureSession().then((view) => {
    const sync = app.syncService();
    if (!view) return;
    if (!sync) return app.say("warn", "This build of Ursa has no sync.");
    sync.setLocalOnly(view.id, local, AbortSignal.timeout(5_000)).then(
      () => {
        app.say("info", local ? "This session is local-only: it stays on this machine, and any copy on the sync server goes at the next push." : "This session is shared again: it syncs at the next push.");
        app.refreshSessions();
      },
      (e: Error) => app.say("error", `Could not change the session: ${e.message}`),
    );
  });
}

function compact(app: AppContext): void {
  const view = app.current();
  if (!view) return app.say("info", "Nothing to compact in a new session.");
  app.notify("compacting…");
  view.handle.compact().then(
    (outcome) => {
      if (outcome.kind === "skipped") app.say("info", outcome.message);
      app.redraw();
    },
    (e: Error) => app.say("error", `Compaction failed: ${e.message}`),
  );
}

/** Shows the selected file's change in its turn. */
export function openFileDiff(app: AppContext): void {
  const view = app.current();
  const change = view?.files.current();
  if (!view || !change) return;
  const name = change.path.startsWith(`${app.projectRoot}/`) ? change.path.slice(app.projectRoot.length + 1) : change.path;
  view.handle.fileDiff({ turnId: change.turnId, path: change.path }).then(
    (diff) => app.openModal(new DiffModal(name, diff)),
    (e: Error) => app.say("error", e.message),
  );
}

/** Asks, then puts back the files of the newest turn. */
export function undoLastTurn(app: AppContext): void {
  const view = app.current();
  if (!view) return app.say("info", "No session, nothing to undo.");
  if (view.handle.isRunning) return app.say("warn", "A turn is running; interrupt it (Esc) before undoing.");
  app.openModal(new ConfirmModal("Undo last turn", "Put back the files the newest turn changed?", () => {
    view.handle.undoLastTurn().then(
      (result) => {
        if (!result.turnId) app.say("info", "No turn left to undo.");
        app.redraw();
      },
      (e: Error) => app.say("error", `Undo failed: ${e.message}`),
    );
  }));
}

function purge(app: AppContext, args: string): void {
  const api = app.api();
  if (!api) return;
  const days = args ? Number(args) : 0;
  if (!Number.isFinite(days) || days < 0) return app.say("warn", "Usage: /purge [days], days ≥ 0.");
  api.compactedStats().then(
    (stats) => {
      if (stats.messageCount === 0) return app.say("info", "No archived history to purge.");
      app.openModal(new ConfirmModal("Purge archived history", `Archived by compaction: ${stats.messageCount} messages in ${stats.sessionCount} sessions (${Math.round(stats.sizeBytes / 1024)} KiB).\nDelete those older than ${days} days?`, () => {
        api.purge(days).then((n) => app.say("info", `Purged ${n} archived messages.`), (e: Error) => app.say("error", e.message));
      }));
      app.redraw();
    },
    (e: Error) => app.say("error", e.message),
  );
}

/** `/model [name]` and `/provider [name] [model]`: switch the session's model for the next request. */
export function switchModel(app: AppContext, kind: "model" | "provider", args: string): void {
  const status = app.status();
  if (!args) {
    return app.say("info", kind === "model"
      ? `Model: ${status.model} (${status.provider}). /model <name> switches it for the next request.`
      : `Provider: ${status.provider}. /provider <name> [model] switches it; keys come from the environment (e.g. ANTHROPIC_API_KEY) or keys.json in the data directory.`);
  }
  const [first, second] = args.split(/\s+/);
  const choice = kind === "model" ? { model: first! } : { provider: first!, ...(second ? { model: second } : {}) };
  void app.ensureSession().then((view) => {
    if (!view) return;
    view.handle.switchModel(choice).then(
      () => {
        status.provider = view.handle.providerName;
        status.model = view.handle.settings.model;
        app.providerProblem = null;
        app.say("info", `Now using ${view.handle.providerName} · ${view.handle.settings.model}.`);
      },
      (e: Error) => app.say("error", e.message),
    );
  });
}

/** `/cost`: the session's tokens and cost, per agent. */
export function showCost(app: AppContext): void {
  const view = app.current();
  if (!view) return app.say("info", "No session yet: nothing spent.");
  Promise.all([view.handle.usage(), view.handle.usageByAgent()]).then(
    ([total, byAgent]) => {
      const line = (name: string, u: typeof total): string =>
        `${name.padEnd(12)} ${u.apiCalls} calls · ${u.promptTokens} in · ${u.completionTokens} out · ${u.cacheReadTokens + u.cacheCreationTokens} cache · ${formatCost(u.apiCalls > u.unpricedCalls ? u.costUsd : null)}${u.unpricedCalls ? ` (${u.unpricedCalls} calls without a price)` : ""}`;
      app.openModal(new TextModal("Cost", [line("session", total), "", ...byAgent.map((a) => line(a.agentName, a.usage))].join("\n")));
    },
    (e: Error) => app.say("error", e.message),
  );
}
