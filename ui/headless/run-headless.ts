import type { Interruption } from "../../core/domain/session-info.ts";
import { stripTerminalControls } from "../../core/domain/terminal-text.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { EventStream } from "../../core/ports/driving/event-stream.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import { HeadlessPolicy } from "./headless-policy.ts";
import { ResultCollector } from "./json-result.ts";
import { TextSink } from "./text-sink.ts";
import type { Writer } from "./writer.ts";

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
  /** Registers what to do on Ctrl+C; returns the unregistration. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/**
 * `ursa -p`: one turn without the dashboard. stdout carries only the requested output;
 * progress and problems go to stderr. Returns the process exit code.
 */
export async function runHeadless(o: HeadlessOptions): Promise<number> {
  let session: SessionHandle;
  try {
    if (o.resume !== undefined || o.continueLatest) {
      const resumed = o.resume !== undefined ? await o.sessions.resume(o.resume, o.mode) : await o.sessions.continueLatest(o.mode);
      session = resumed.session;
      if (resumed.interruption) o.err.write(`${interruptionBanner(resumed.interruption)}\n`);
    } else {
      session = await o.sessions.create(o.mode ?? o.defaultMode);
    }
  } catch (error) {
    o.err.write(`ursa: ${(error as Error).message}\n`);
    return EXIT.failed;
  }

  const collector = new ResultCollector();
  const text = new TextSink(o.out, o.err, { color: o.color });
  const policy = new HeadlessPolicy(session);
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
    policy.handle(event);
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
    const reason = await session.prompt(o.prompt);
    if (o.format === "json") {
      const [total, byAgent] = await Promise.all([session.usage(), session.usageByAgent()]);
      const result = collector.result({
        sessionCost: { total: total.costUsd, by_agent: Object.fromEntries(byAgent.map((a) => [a.agentName, a.usage.costUsd])), unpriced_calls: total.unpricedCalls },
        sessionId: session.id,
        provider: session.providerName,
        model: session.settings.model,
        mode: session.mode,
        reason: reason.kind,
        ...(reason.kind === "error" ? { error: reason.message } : {}),
      });
      o.out.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    if (o.format === "text") o.err.write(`Resume this session with: ursa --resume ${session.id}\n`);
    if (reason.kind === "complete") return EXIT.ok;
    return reason.kind === "cancelled" || interrupted ? EXIT.interrupted : EXIT.failed;
  } finally {
    release();
    subscription.unsubscribe();
  }
}

/** koda's banner for a session whose last turn was left unanswered. */
export function interruptionBanner(interruption: Interruption): string {
  const what =
    interruption.kind === "prompt"
      ? `your prompt was never answered: "${interruption.preview}"`
      : interruption.kind === "tool_call"
        ? `it stopped while ${interruption.calls.map((c) => (c.detail ? `${c.name} "${c.detail}"` : c.name)).join(", ")} was running; whether that finished is unknown`
        : "a tool result was never processed";
  return `↻ Last turn was interrupted — ${stripTerminalControls(what)}\n  Type "continue" to resume, or start a new message.`;
}
