import { parseTrustMode } from "../../core/domain/trust-mode.ts";
import type { AppContext } from "./app-context.ts";
import { ConfirmModal, TextModal } from "./modals/simple-modals.ts";
import { PermissionsModal } from "./modals/permissions-modal.ts";
import type { PaneCommand } from "./panes/pane-spec.ts";
import { undoLastTurn } from "./undo.ts";
import { syncCommands } from "./sync-commands.ts";
import { runMcpCommand } from "./mcp-commands.ts";
import { helpText, parseSlash } from "./view-model/slash-commands.ts";
import { formatCost } from "./view-model/status.ts";
import { counted } from "../../core/domain/format.ts";

/** The dashboard's own commands around those the panes bring (`/sessions`, `/todos`, `/files`…). */
export function slashCommands(app: AppContext): PaneCommand[] {
  const own = (name: string, args: string, help: string, run: (args: string) => void): PaneCommand => ({ name, args, help, run });
  return [
    own("help", "", "keys and commands", () => app.openModal(new TextModal("Help", helpText(slashCommands(app))))),
    own("new", "", "start a new session", () => app.newSession()),
    ...app.panes.commands(),
    own("mode", "[plan|safe|auto]", "show or set the trust mode", (args) => setMode(app, args)),
    own("compact", "", "summarise older history now", () => compact(app)),
    own("undo", "", "undo the last turn's file changes", () => undoLastTurn(app)),
    own("purge", "[days]", "delete archived history older than days (default 0)", (args) => purge(app, args)),
    { ...own("model", "[name]", "show or switch the session's model", (args) => switchModel(app, "model", args)), choices: (signal) => modelChoices(app, app.status().provider, signal) },
    { ...own("provider", "[name] [model]", "show or switch the session's provider", (args) => switchModel(app, "provider", args)), choices: async () => ({ values: app.api()?.providerNames() ?? [], detail: "provider" }) },
    own("cost", "", "tokens and cost of the session, by agent", () => showCost(app)),
    own("permissions", "", "the session's \"always allow\" rules; remove them", () => {
      const view = app.current();
      if (!view) return app.say("info", "No session yet: no rules. Press a in an approval to always allow a command or tool in a session.");
      app.openModal(new PermissionsModal(view.handle));
    }),
    own("mcp", "[add|add-http|remove|reconnect|resources|attach|prompts|prompt]", "MCP servers: list, manage, attach resources and prompts", (args) => runMcpCommand(app, args)),
    ...syncCommands(app),
    own("exit", "", "quit Ursa", () => app.quit()),
  ];
}

/** Runs a slash command typed in the input. */
export function runSlash(app: AppContext, text: string): void {
  const parsed = parseSlash(text, slashCommands(app));
  if (!parsed) return;
  if (!parsed.command) return app.say("warn", `Unknown command /${parsed.name}; /help lists them.`);
  parsed.command.run(parsed.args);
}

function setMode(app: AppContext, args: string): void {
  if (!args) return app.say("info", `Trust mode: ${app.mode()} (plan: read only · safe: ask before changes · auto: change the project without asking). Shift+Tab cycles.`);
  const mode = parseTrustMode(args);
  if (!mode) return app.say("warn", `Unknown mode "${args}"; use plan, safe or auto.`);
  app.setMode(mode);
}

function compact(app: AppContext): void {
  const view = app.current();
  if (!view) return app.say("info", "Nothing to compact in a new session.");
  app.notify("compacting…");
  view.handle.compact().then(
    (outcome) => {
      app.clearNotice("compacting…");
      if (outcome.kind === "skipped") app.say("info", outcome.message);
      app.redraw();
    },
    (e: Error) => {
      app.clearNotice("compacting…");
      app.say("error", `Compaction failed: ${e.message}`);
    },
  );
}

function purge(app: AppContext, args: string): void {
  const api = app.api();
  if (!api) return;
  const days = args ? Number(args) : 0;
  if (!Number.isFinite(days) || days < 0) return app.say("warn", "Usage: /purge [days], days ≥ 0.");
  api.compactedStats().then(
    (stats) => {
      if (stats.messageCount === 0) return app.say("info", "No archived history to purge.");
      app.openModal(new ConfirmModal("Purge archived history", `Archived by compaction: ${counted(stats.messageCount, "message")} in ${counted(stats.sessionCount, "session")} (${Math.round(stats.sizeBytes / 1024)} KiB).\nDelete those older than ${days} days?`, () => {
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
  const words = args.split(/\s+/);
  if (words.length > (kind === "model" ? 1 : 2)) {
    return app.say("warn", kind === "model" ? "Usage: /model [name]: one model name (\"/model \" lists them)." : "Usage: /provider [name] [model] (\"/provider \" lists the providers).");
  }
  const [first, second] = words;
  const choice = kind === "model" ? { model: first! } : { provider: first!, ...(second ? { model: second } : {}) };
  void (async () => {
    const checked = await checkChoice(app, choice, status.provider);
    if (checked?.refused) return app.say("warn", checked.refused);
    const view = await app.ensureSession();
    if (!view) return;
    // The session says "Now using …" itself.
    view.handle.switchModel(choice).then(
      () => {
        status.provider = view.handle.providerName;
        status.model = view.handle.settings.model;
        app.providerProblem = null;
        if (checked?.unverified) app.say("warn", checked.unverified);
        app.redraw();
      },
      (e: Error) => app.say("error", e.message),
    );
  })();
}

/** The models offered for a provider, for the palette. */
async function modelChoices(app: AppContext, provider: string, signal: AbortSignal): Promise<{ values: readonly string[]; detail: string }> {
  const choices = await app.api()?.modelChoices(provider, signal);
  return { values: choices?.models ?? [], detail: choices?.listed ? `served by ${provider}` : `a ${provider} model` };
}

/**
 * Whether a `/model` or `/provider` choice can be right: refused (with the choices) when it
 * is not one of the provider's models; `unverified` when the provider's list could not be had.
 */
async function checkChoice(app: AppContext, choice: { provider?: string; model?: string }, current: string): Promise<{ refused?: string; unverified?: string } | null> {
  await app.connected(); // typed before the engine loaded: check once it is there
  const api = app.api();
  if (!api) return null;
  const names = api.providerNames();
  if (choice.provider !== undefined && names.length > 0 && !names.includes(choice.provider.toLowerCase()) && !/^[a-z][\w.-]*$/.test(choice.provider)) {
    return { refused: `"${choice.provider}" is not a provider; choose one of: ${names.join(", ")}.` };
  }
  const model = choice.model;
  if (model === undefined) return null;
  const provider = choice.provider ?? current;
  const { models, listed, families } = await api.modelChoices(provider, AbortSignal.timeout(5_000));
  const looksLikeId = /^[A-Za-z0-9][\w.:@/-]*$/.test(model);
  const checkable = listed || families !== undefined;
  const known = models.includes(model) || (families ?? []).some((family) => model === family || model.startsWith(`${family}-`));
  if (looksLikeId && !checkable) return { unverified: `${provider} did not list its models, so "${model}" is not checked: a wrong name fails at the next request.` };
  if (looksLikeId && known) return null;
  // A catalog (not the provider's own list) lags behind new models: a name in the provider's own
  // naming ("claude-…", "gemini-…") is let through unverified; "gpt-4o" on Anthropic is refused.
  const roots = new Set([...models, ...(families ?? [])].map((id) => id.split("-")[0]!));
  if (looksLikeId && !listed && [...roots].some((root) => model.startsWith(`${root}-`))) {
    return { unverified: `"${model}" is not in Ursa's list of ${provider} models, so it is not checked: a wrong name fails at the next request.` };
  }
  return { refused: `"${model}" is not a model of ${provider}; choose one of: ${models.slice(0, 12).join(", ")}${models.length > 12 ? ", …" : ""} (/model then Space lists them).` };
}

/** `/cost`: the session's tokens and cost, per agent. */
export function showCost(app: AppContext): void {
  const view = app.current();
  if (!view) return app.say("info", "No session yet: nothing spent.");
  Promise.all([view.handle.usage(), view.handle.usageByAgent()]).then(
    ([total, byAgent]) => {
      const line = (name: string, u: typeof total): string =>
        `${name.padEnd(12)} ${counted(u.apiCalls, "call")} · ${u.promptTokens} in · ${u.completionTokens} out · ${u.cacheReadTokens + u.cacheCreationTokens} cache · ${formatCost(u.apiCalls > u.unpricedCalls ? u.costUsd : null)}${u.unpricedCalls ? ` (${counted(u.unpricedCalls, "call")} without a price)` : ""}`;
      app.openModal(new TextModal("Cost", [line("session", total), "", ...byAgent.map((a) => line(a.agentName, a.usage))].join("\n")));
    },
    (e: Error) => app.say("error", e.message),
  );
}
