import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { LOGGER } from "../../core/ports/logger.ts";
import { EXIT, runHeadless } from "../../ui/headless/run-headless.ts";
import { needsNoModel } from "../../ui/headless/headless-commands.ts";
import type { CliArgs } from "./cli-args.ts";
import type { AppConfig } from "./config.ts";
import { resolve } from "./provide.ts";
import { AGENT, CONFIGURED_PROVIDERS, MCP_SERVERS, PLUGIN_FAILURES } from "./tokens.ts";
import { askAboutProjectServers } from "./ask-about-project-servers.ts";
import { shutDown } from "./shut-down.ts";
import { boundSync, pullBeforeReading, pushAfterTurn } from "./headless-sync.ts";
import { markingLocalOnly, notingLiveElsewhere } from "./local-only-sessions.ts";
import { onSessionOpened } from "./session-opened-hook.ts";

/** How a run that cannot start says so: one line on stderr, and a result object for scripts that asked for JSON. */
export type Fail = (message: string, code: number, hint?: string) => Promise<number>;

/** `ursa -p` and piped prompts: one headless turn over the engine (the container). */
export async function runPrompt(args: CliArgs, config: AppConfig, prompt: string, fail: Fail, startedAt: number): Promise<number> {
  const { createContainer } = await import("./container.ts");
  if (args.resume === "") {
    // Headless, nobody can pick: say which sessions there are.
    const container = createContainer(config);
    try {
      const recent = await (await resolve(container, SESSIONS_API)).list({ limit: 10 });
      const { sessionTable } = await import("./sessions-command.ts");
      const table = recent.length > 0 ? `Recent sessions of this project:\n${sessionTable(recent, false)}` : "This project has no sessions yet.\n";
      return await fail("--resume needs a session id when there is no terminal to pick on (the first characters are enough)", EXIT.usage, table);
    } finally {
      await shutDown(container);
    }
  }
  if (prompt === "") return await fail("the prompt is empty.", EXIT.usage);
  const container = createContainer(config);
  // A new session needs its provider now; a resumed one may use another provider, and says so itself.
  const resuming = args.resume !== undefined || args.continue;
  // `/help` and `/cost` talk to no provider, so they need no key.
  const needsNoKey = (resuming && config.providerFlag === undefined) || needsNoModel(prompt);
  const noKey = needsNoKey ? null : (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.providerFlag ?? config.provider);
  if (noKey) {
    await shutDown(container);
    return await fail(noKey, EXIT.failed);
  }

  const log = await resolve(container, LOGGER);
  let stopNaming = () => {};
  try {
    const mcpNote = (await askAboutProjectServers(container, config)).note;
    if (mcpNote) process.stderr.write(`ursa: ${mcpNote}\n`);
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
    // The sessions this run writes to: their leases end with it.
    const opened: string[] = [];
    if (sync) sessions = onSessionOpened(sessions, async (session) => void opened.push(session.id));
    // Servers start in the background: the turn waits a moment for them, not for a hung one (its
    // startup timeout is 30 s); one that connects later adds its tools to the turn's next request.
    const mcp = await resolve(container, MCP_SERVERS);
    const agent = await resolve(container, AGENT);
    await waitAtMost(mcp.settled(), mcpWaitMs(config.env));
    // Each server that fails is named once, also one that fails while the turn runs.
    const named = new Set<string>();
    const nameFailures = () => {
      for (const s of mcp.status()) {
        if (s.state !== "failed" || named.has(s.name)) continue;
        named.add(s.name);
        process.stderr.write(`ursa: MCP server ${s.name} failed: ${s.lastError}\n`);
      }
    };
    nameFailures();
    stopNaming = mcp.onChange(nameFailures);
    for (const line of await resolve(container, PLUGIN_FAILURES)) process.stderr.write(`ursa: ${line}\n`);
    const code = await runHeadless({
      sessions,
      events: await resolve(container, EVENT_STREAM),
      prompt,
      format: args.outputFormat,
      mode: args.mode ?? (config.env["URSA_MODE"] ? config.mode : undefined),
      defaultMode: config.mode,
      resume: args.resume,
      continueLatest: args.continue,
      startedAt,
      projectRoot: config.project.root,
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
    // Without a dashboard nothing else would send this turn (nor the end of its leases): push it now, for a few seconds at most.
    const pushed = sync ? await pushAfterTurn(sync, opened) : null;
    if (pushed?.note) process.stderr.write(`ursa: ${pushed.note}\n`);
    return code;
  } catch (error) {
    log.error("run failed", { error: (error as Error).stack ?? String(error) });
    process.stderr.write(`ursa: ${(error as Error).message} (details in ${config.logFile})\n`);
    return EXIT.failed;
  } finally {
    stopNaming();
    await shutDown(container);
  }
}


/** How long a headless run waits for MCP servers before its turn starts. */
const MCP_HEADLESS_WAIT_MS = 1_500;

/** URSA_MCP_WAIT_MS overrides the wait (a slow machine, a server known to start slowly). */
function mcpWaitMs(env: Readonly<Record<string, string | undefined>>): number {
  const value = Number(env["URSA_MCP_WAIT_MS"]);
  return env["URSA_MCP_WAIT_MS"] !== undefined && Number.isFinite(value) && value >= 0 ? value : MCP_HEADLESS_WAIT_MS;
}

async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

