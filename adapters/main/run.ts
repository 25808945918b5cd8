import { join } from "node:path";
import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { MCP_SERVERS_API } from "../../core/ports/driving/mcp-servers-api.ts";
import { PLUGINS_API } from "../../core/ports/driving/plugins-api.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { LOGGER } from "../../core/ports/logger.ts";
import { EXIT, runHeadless } from "../../ui/headless/run-headless.ts";
import { earlyErrorResult } from "../../ui/headless/json-result.ts";
import { UsageError, type CliArgs } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";
import { PROVIDERS } from "./providers.ts";
import { detectLocalServers } from "../openai-llm-provider/mod.ts";
import { AGENT, CONFIGURED_PROVIDERS, MCP_SERVERS, PLUGIN_FAILURES } from "./tokens.ts";
import { readStdin } from "./read-stdin.ts";

/** Runs Ursa for parsed arguments and returns the exit code. */
export async function run(args: CliArgs, startedAt = Date.now()): Promise<number> {
  // Before the turn starts, a failure is one line on stderr, and a result object for scripts that asked for JSON.
  const fail = (message: string, code: number, hint = ""): number => {
    process.stderr.write(`ursa: ${message}\n${hint}`);
    if (args.outputFormat !== "text") process.stdout.write(`${JSON.stringify(earlyErrorResult(message, startedAt))}\n`);
    return code;
  };
  let config: AppConfig;
  try {
    config = loadConfig(args, process.env, process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, EXIT.usage, "Run ursa --help for usage.\n");
    return fail((error as Error).message, EXIT.failed);
  }

  let prompt = args.prompt;
  if (prompt === "-" || (prompt === undefined && !process.stdin.isTTY)) prompt = (await readStdin()).trim();
  else if (prompt !== undefined && !process.stdin.isTTY) {
    // `cat log | ursa -p "explain"`: the piped text joins the prompt, as with `claude -p`.
    const piped = (await readStdin()).trim();
    if (piped !== "") prompt = `${prompt}\n\n${piped}`;
  }
  if (prompt === undefined) return runDashboard(config, args);
  if (args.resume === "") {
    // Headless, nobody can pick: say which sessions there are.
    const container = createContainer(config);
    try {
      const recent = await (await resolve(container, SESSIONS_API)).list({ limit: 10 });
      const { sessionTable } = await import("./sessions-command.ts");
      const table = recent.length > 0 ? `Recent sessions of this project:\n${sessionTable(recent, false)}` : "This project has no sessions yet.\n";
      return fail("--resume needs a session id when there is no terminal to pick on (the first characters are enough)", EXIT.usage, table);
    } finally {
      await container.unbindAllAsync();
    }
  }
  if (prompt === "") return fail("the prompt is empty.", EXIT.usage);
  const container = createContainer(config);
  // A new session needs its provider now; a resumed one may use another provider, and says so itself.
  const resuming = args.resume !== undefined || args.continue;
  const noKey = resuming && config.providerFlag === undefined ? null : (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.providerFlag ?? config.provider);
  if (noKey) {
    await container.unbindAllAsync();
    return fail(noKey, EXIT.failed);
  }

  const log = await resolve(container, LOGGER);
  try {
    log.info("headless run", { provider: config.providerFlag ?? config.provider, model: config.modelFlag ?? null, mode: args.mode ?? null, project: config.project.key });
    const sessions = await resolve(container, SESSIONS_API);
    // One turn cannot pick up MCP servers that connect later: they get their startup time first.
    const mcp = await resolve(container, MCP_SERVERS);
    const agent = await resolve(container, AGENT);
    await mcp.settled();
    for (const s of mcp.status()) if (s.state === "failed") process.stderr.write(`ursa: MCP server ${s.name} failed: ${s.lastError}\n`);
    for (const line of await resolve(container, PLUGIN_FAILURES)) process.stderr.write(`ursa: ${line}\n`);
    return await runHeadless({
      sessions,
      events: await resolve(container, EVENT_STREAM),
      prompt,
      format: args.outputFormat,
      mode: args.mode ?? (config.env["URSA_MODE"] ? config.mode : undefined),
      defaultMode: config.mode,
      resume: args.resume,
      continueLatest: args.continue,
      startedAt,
      ...(args.maxTurns !== undefined || args.maxBudgetUsd !== undefined
        ? { limits: { ...(args.maxTurns !== undefined ? { maxTurns: args.maxTurns } : {}), ...(args.maxBudgetUsd !== undefined ? { maxBudgetUsd: args.maxBudgetUsd } : {}) } }
        : {}),
      describe: () => ({ tools: agent.tools.schemas().map((t) => t.name), mcpServers: mcp.status().map((s) => ({ name: s.name, state: s.state })), projectRoot: config.project.root }),
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
  // The dashboard owns the terminal: --verbose cannot write to it.
  const container = createContainer({ ...config, verbose: false });
  const log = await resolve(container, LOGGER);
  try {
    const { runTui } = await import("../../ui/tui/run-tui.ts");
    return await runTui({
      engine: async () => ({ sessions: await resolve(container, SESSIONS_API), events: await resolve(container, EVENT_STREAM), mcp: await resolve(container, MCP_SERVERS_API), plugins: await resolve(container, PLUGINS_API) }),
      log,
      projectRoot: config.project.root,
      defaultMode: config.mode,
      provider: config.provider,
      model: config.modelFlag ?? config.defaultModel ?? PROVIDERS[config.provider]?.defaultModel ?? "",
      providerProblem: (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.provider),
      localServers: () => detectLocalServers(AbortSignal.timeout(2_000)),
      layoutFile: join(config.dataDir, "tui-layout.json"),
      noColor: Boolean(config.env["NO_COLOR"]),
      open: { resume: args.resume || undefined, continueLatest: args.continue, pick: args.resume === "" },
    });
  } finally {
    await container.unbindAllAsync();
  }
}
