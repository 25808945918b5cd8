import { join } from "node:path";
import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { MCP_SERVERS_API } from "../../core/ports/driving/mcp-servers-api.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { LOGGER } from "../../core/ports/logger.ts";
import { EXIT, runHeadless } from "../../ui/headless/run-headless.ts";
import { UsageError, type CliArgs } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";
import { PROVIDERS } from "./providers.ts";
import { detectLocalServers } from "../openai-llm-provider/mod.ts";
import { CONFIGURED_PROVIDERS, MCP_SERVERS } from "./tokens.ts";
import { readStdin } from "./read-stdin.ts";
import { boundSync, pullBeforeReading, pushAfterTurn } from "./headless-sync.ts";
import { markingLocalOnly, notingLiveElsewhere } from "./local-only-sessions.ts";

/** Runs Ursa for parsed arguments and returns the exit code. */
export async function run(args: CliArgs): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(args, process.env, process.cwd());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ursa: ${error.message}\nRun ursa --help for usage.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ursa: ${(error as Error).message}\n`);
    return EXIT.failed;
  }

  let prompt = args.prompt;
  if (prompt === "-" || (prompt === undefined && !process.stdin.isTTY)) prompt = (await readStdin()).trim();
  if (prompt === undefined) return runDashboard(config, args);
  if (prompt === "") {
    process.stderr.write("ursa: the prompt is empty.\n");
    return EXIT.usage;
  }
  const container = createContainer(config);
  // A new session needs its provider now; a resumed one may use another provider, and says so itself.
  const resuming = args.resume !== undefined || args.continue;
  const noKey = resuming && config.providerFlag === undefined ? null : (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.providerFlag ?? config.provider);
  if (noKey) {
    process.stderr.write(`ursa: ${noKey}\n`);
    await container.unbindAllAsync();
    return EXIT.failed;
  }

  const log = await resolve(container, LOGGER);
  try {
    log.info("headless run", { provider: config.providerFlag ?? config.provider, model: config.modelFlag ?? null, mode: args.mode ?? null, project: config.project.key });
    const sync = await boundSync(container);
    // A session from another machine must be here before it can be resumed.
    if (sync && resuming) {
      const pulled = await pullBeforeReading(sync);
      if (pulled.note) process.stderr.write(`ursa: ${pulled.note}\n`);
    }
    let sessions = await resolve(container, SESSIONS_API);
    if (sync) sessions = notingLiveElsewhere(sessions, process.stderr);
    if (sync && args.localOnly) sessions = markingLocalOnly(sessions, sync);
    // One turn cannot pick up MCP servers that connect later: they get their startup time first.
    const mcp = await resolve(container, MCP_SERVERS);
    await mcp.settled();
    for (const s of mcp.status()) if (s.state === "failed") process.stderr.write(`ursa: MCP server ${s.name} failed: ${s.lastError}\n`);
    const code = await runHeadless({
      sessions,
      events: await resolve(container, EVENT_STREAM),
      prompt,
      format: args.outputFormat,
      mode: args.mode ?? (config.env["URSA_MODE"] ? config.mode : undefined),
      defaultMode: config.mode,
      resume: args.resume,
      continueLatest: args.continue,
      out: process.stdout,
      err: process.stderr,
      color: Boolean(process.stderr.isTTY) && !process.env["NO_COLOR"],
      onInterrupt: (handler) => {
        // The first signal interrupts the turn (which then ends cleanly); a second one quits now.
        let signalled = false;
        const onSignal = () => {
          if (signalled) process.exit(EXIT.interrupted);
          signalled = true;
          handler();
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
        return () => {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        };
      },
    });
    // Without a dashboard nothing else would send this turn: push it now, for a few seconds at most.
    const pushed = sync ? await pushAfterTurn(sync) : null;
    if (pushed?.note) process.stderr.write(`ursa: ${pushed.note}\n`);
    return code;
  } catch (error) {
    log.error("run failed", { error: (error as Error).stack ?? String(error) });
    process.stderr.write(`ursa: ${(error as Error).message} (details in ${config.logFile})\n`);
    return EXIT.failed;
  } finally {
    await container.unbindAllAsync();
  }
}

/**
 * No prompt and a terminal on stdin: the dashboard. It draws its first frame before the engine
 * (store, plugins) loads, and opens without an API key, saying how to configure one.
 */
async function runDashboard(config: AppConfig, args: CliArgs): Promise<number> {
  const container = createContainer(config);
  const log = await resolve(container, LOGGER);
  try {
    const { runTui } = await import("../../ui/tui/run-tui.ts");
    return await runTui({
      engine: async () => ({
        sessions: await resolve(container, SESSIONS_API),
        events: await resolve(container, EVENT_STREAM),
        mcp: await resolve(container, MCP_SERVERS_API),
        sync: await boundSync(container),
      }),
      log,
      projectRoot: config.project.root,
      defaultMode: config.mode,
      provider: config.provider,
      model: config.modelFlag ?? config.defaultModel ?? PROVIDERS[config.provider]?.defaultModel ?? "",
      providerProblem: (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.provider),
      localServers: () => detectLocalServers(AbortSignal.timeout(2_000)),
      layoutFile: join(config.dataDir, "tui-layout.json"),
      noColor: Boolean(config.env["NO_COLOR"]),
      open: { resume: args.resume, continueLatest: args.continue },
    });
  } finally {
    await container.unbindAllAsync();
  }
}
