import type { Container } from "inversify";
import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { MCP_SERVERS_API } from "../../core/ports/driving/mcp-servers-api.ts";
import { PLUGINS_API } from "../../core/ports/driving/plugins-api.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { FileLogger } from "../file-logger/mod.ts";
import type { CliArgs } from "./cli-args.ts";
import type { AppConfig } from "./config.ts";
import { dashboardLook } from "./dashboard-look.ts";
import type { TuiShell } from "../../ui/tui/shell.ts";
import { resolve } from "./provide.ts";
import { ConfiguredProviders } from "./providers.ts";
import { createDashboardEngine, type SettledEngine } from "./dashboard-engine.ts";
import { PLUGIN_FAILURES } from "./tokens.ts";

/**
 * No prompt and a terminal on stdin: the dashboard. It paints its first frame before the
 * engine loads: the container (and with it the database, plugins, MCP) is created only when
 * the dashboard asks for the engine, after that frame. It opens without an API key, saying
 * how to configure one.
 */
export async function runDashboard(
  config: AppConfig,
  args: CliArgs,
  start: {
    shell: TuiShell | null;
    releaseStartUpHold: () => void;
    /** The engine started before the first frame to settle the project's .mcp.json (run.ts), if it was. */
    settled: SettledEngine | null;
  },
): Promise<number> {
  const { shell, releaseStartUpHold, settled } = start;
  const look = dashboardLook(config);
  const { runTui } = await import("../../ui/tui/run-tui.ts");
  const log = new FileLogger(config.logFile, config.env["URSA_LOG_LEVEL"] === "debug" ? "debug" : "info");
  const providers = new ConfiguredProviders({ env: config.env, keys: config.keys, maxTokens: config.maxTokens, dataDir: config.dataDir, ...(config.baseUrl ? { baseUrl: { provider: config.provider, url: config.baseUrl } } : {}) });
  let container: Container | null = settled?.engine ?? null;
  const engineContainer = async (): Promise<Container> => (container ??= await createDashboardEngine(config));
  try {
    if (settled?.note) log.info(settled.note);
    return await runTui({
      engine: async () => {
        const engine = await engineContainer();
        const { boundSync } = await import("./headless-sync.ts");
        const parts = {
          sessions: await resolve(engine, SESSIONS_API),
          events: await resolve(engine, EVENT_STREAM),
          mcp: await resolve(engine, MCP_SERVERS_API),
          plugins: await resolve(engine, PLUGINS_API),
          sync: await boundSync(engine),
          // Settings keys that are ignored, plugins that did not load (those are in the log too): shown, not only logged.
          startupProblems: [...config.permissions.warnings, ...(await resolve(engine, PLUGIN_FAILURES))],
        };
        releaseStartUpHold();
        return parts;
      },
      log,
      projectRoot: config.project.root,
      defaultMode: look.mode,
      provider: look.provider,
      model: look.model,
      providerProblem: providers.missingKey(config.provider),
      recheckProvider: (provider) => providers.missingKey(provider),
      localServers: async () => (await import("../openai-llm-provider/mod.ts")).detectLocalServers(AbortSignal.timeout(2_000)),
      layoutFile: look.layoutFile,
      noColor: look.noColor,
      shell,
      open: { resume: args.resume || undefined, continueLatest: args.continue, pick: args.resume === "" },
    });
  } finally {
    releaseStartUpHold();
    if (container) await (await import("./shut-down.ts")).shutDown(container);
  }
}
