import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { EventStream } from "../../core/ports/driving/event-stream.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import { describeInterruption } from "../../core/domain/interruption.ts";
import { headlessInteraction } from "./headless-policy.ts";
import type { TurnLimits } from "../../core/domain/turn-limits.ts";
import { earlyErrorResult, ResultCollector, type HeadlessResult } from "./json-result.ts";
import { TextSink } from "./text-sink.ts";
import { headlessHelp, parseHeadlessCommand, runHeadlessCommand } from "./headless-commands.ts";
import type { Writer } from "./writer.ts";
import { EXIT } from "./exit-codes.ts";

export interface HeadlessOptions {
  readonly sessions: SessionsApi;
  readonly events: EventStream;
  readonly prompt: string;
  readonly format: "text" | "json" | "stream-json";
  /** Undefined keeps a resumed session's saved mode (new sessions get `defaultMode`). */
  readonly mode: TrustMode | undefined;
  readonly defaultMode: TrustMode;
  readonly resume?: string | undefined;
  readonly continueLatest?: boolean;
  readonly out: Writer;
  readonly err: Writer;
  readonly color: boolean;
  /** This run's project root, to say so when a resumed session began in another. */
  readonly projectRoot?: string;
  /** `--max-turns`, `--max-budget-usd`. */
  readonly limits?: TurnLimits;
  /** When the run started (Date.now()), for `duration_ms`. */
  readonly startedAt?: number;
  /** What the `init` event of stream-json lists: the tools offered and the MCP servers. */
  readonly describe?: () => { tools: readonly string[]; mcpServers: readonly { name: string; state: string }[]; projectRoot: string };
  /** Registers what to do on Ctrl+C; returns the unregistration. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

export { EXIT } from "./exit-codes.ts";

/**
 * `ursa -p`: one turn without the dashboard. stdout carries only the requested output;
 * progress and problems go to stderr. Returns the process exit code.
 */
export async function runHeadless(o: HeadlessOptions): Promise<number> {
  const startedAt = o.startedAt ?? Date.now();
  const command = parseHeadlessCommand(o.prompt);
  const resuming = o.resume !== undefined || o.continueLatest === true;
  if (command === "help") return commandOutput(o, null, headlessHelp(), startedAt);
  if (command !== null && !resuming) {
    const message = `/${command} works on an existing session: add --continue (this project's latest) or --resume <id>`;
    o.err.write(`ursa: ${message}\n`);
    if (o.format !== "text") writeResult(o, earlyErrorResult(message, startedAt));
    return EXIT.usage;
  }
  let session: SessionHandle;
  try {
    if (o.resume !== undefined || o.continueLatest) {
      const resumed = o.resume !== undefined ? await o.sessions.resume(o.resume, o.mode) : await o.sessions.continueLatest(o.mode);
      session = resumed.session;
      // The tools work in this run's project, not where the session began: say so rather than move silently.
      if (o.projectRoot !== undefined && resumed.info.projectRoot !== o.projectRoot) {
        o.err.write(`Note: this session was started in ${resumed.info.projectRoot}; this run works in ${o.projectRoot} (run it from there, or pass --project-root ${resumed.info.projectRoot}, to work in its project).\n`);
      }
      if (resumed.interruption) o.err.write(`${describeInterruption(resumed.interruption)}\n`);
    } else {
      session = await o.sessions.create(o.mode ?? o.defaultMode);
    }
  } catch (error) {
    o.err.write(`ursa: ${(error as Error).message}\n`);
    if (o.format !== "text") writeResult(o, earlyErrorResult((error as Error).message, startedAt));
    return EXIT.failed;
  }

  if (command !== null) {
    try {
      return commandOutput(o, session, await runHeadlessCommand(command, session), startedAt);
    } catch (error) {
      o.err.write(`ursa: /${command}: ${(error as Error).message}\n`);
      if (o.format !== "text") writeResult(o, { ...earlyErrorResult((error as Error).message, startedAt), session_id: session.id });
      return EXIT.failed;
    }
  }

  const collector = new ResultCollector();
  const text = new TextSink(o.out, o.err, { color: o.color });
  session.setInteraction(headlessInteraction(session, (callId, toolName, reason) => collector.denied(callId, toolName, reason)));
  if (o.format === "stream-json") {
    const described = o.describe?.() ?? { tools: [], mcpServers: [], projectRoot: "" };
    o.out.write(`${JSON.stringify({ type: "init", sessionId: session.id, provider: session.providerName, model: session.settings.model, mode: session.mode, tools: described.tools, mcpServers: described.mcpServers, projectRoot: described.projectRoot })}\n`);
  }
  // Printing is synchronous and cheap, so these sinks subscribe directly: when the turn
  // resolves, everything it emitted has been written.
  // The session's own events, and its sub-agents' (streamed as JSON, their tool calls noted in text).
  const children = new Set<string>();
  const subscription = o.events.events$.subscribe((event) => {
    if (event.sessionId !== session.id) {
      if (!children.has(event.sessionId)) return;
      if (o.format === "stream-json") o.out.write(`${JSON.stringify(event)}\n`);
      else if (o.format === "text" && event.type === "tool_call_started") o.err.write(`  ↳ ${event.name}\n`);
      return;
    }
    if (event.type === "subagent_started") children.add(event.childSessionId);
    // Refused without asking (plan mode, a deny rule): a denial too, as approvals refused by the interaction are.
    if (event.type === "action_blocked") collector.denied(event.callId, event.toolName, event.reason);
    collector.handle(event);
    if (o.format === "stream-json") o.out.write(`${JSON.stringify(event)}\n`);
    else if (o.format === "text") text.handle(event);
  });
  let interrupted = false;
  const release = o.onInterrupt(() => {
    interrupted = true;
    o.err.write("⚠ Interrupted\n");
    session.interrupt();
  });
  try {
    const reason = await session.prompt(o.prompt, o.limits ? { limits: o.limits } : {});
    const limitMessage = limitText(collector.limit, o.limits);
    if (o.format === "text") {
      text.finish();
      if (limitMessage) o.err.write(`ursa: ${limitMessage}\n`);
      o.err.write(`Resume this session with: ursa --resume ${session.id}\n`);
    } else {
      const [total, byAgent] = await Promise.all([session.usage(), session.usageByAgent()]);
      const result = collector.result({
        sessionCost: { total: total.costUsd, by_agent: Object.fromEntries(byAgent.map((a) => [a.agentName, a.usage.costUsd])), unpriced_calls: total.unpricedCalls },
        sessionId: session.id,
        provider: session.providerName,
        model: session.settings.model,
        mode: session.mode,
        reason,
        durationMs: Date.now() - startedAt,
      });
      writeResult(o, limitMessage && result.error === undefined ? { ...result, error: limitMessage } : result);
    }
    if (reason.kind === "cancelled" || interrupted) return EXIT.interrupted;
    return reason.kind === "complete" && collector.limit === null ? EXIT.ok : EXIT.failed;
  } finally {
    release();
    subscription.unsubscribe();
  }
}

/** What a slash command said: the text on stdout, or as the `result` of a result object. */
function commandOutput(o: HeadlessOptions, session: SessionHandle | null, text: string, startedAt: number): number {
  if (o.format === "text") o.out.write(`${text}\n`);
  else {
    const base = earlyErrorResult("", startedAt);
    const { error: _none, ...rest } = base;
    writeResult(o, {
      ...rest,
      subtype: "success",
      is_error: false,
      result: text,
      session_id: session?.id ?? null,
      ...(session ? { provider: session.providerName, model: session.settings.model, mode: session.mode } : {}),
    });
  }
  return EXIT.ok;
}

/** One line: the result object (json and stream-json alike), so `jq` reads it either way. */
function writeResult(o: HeadlessOptions, result: HeadlessResult): void {
  o.out.write(`${JSON.stringify(result)}\n`);
}

function limitText(limit: "max_turns" | "max_budget_usd" | null, limits: TurnLimits | undefined): string | null {
  if (limit === "max_turns") {
    return limits?.maxTurns !== undefined
      ? `stopped at --max-turns ${limits.maxTurns}; the work so far is saved (resume it to go on)`
      : "stopped at the loop cap; the model kept calling tools. The work so far is saved (resume it to go on, or pass --max-turns)";
  }
  if (limit === "max_budget_usd") return `stopped: the run's cost passed --max-budget-usd ${limits?.maxBudgetUsd}; the work so far is saved`;
  return null;
}
