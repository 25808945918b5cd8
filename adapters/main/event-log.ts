import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { Logger } from "../../core/ports/logger.ts";

/**
 * Writes the engine's facts that matter after the fact to the log: each tool call's decision
 * (ran on its own, asked, refused, blocked), outcome and result size; model calls with tokens,
 * cost and retries; limits, compaction, sub-agents, turns that failed, and every warning and error.
 */
export class EventLog {
  readonly #log: Logger;
  readonly #calls = new Map<string, { name: string; started: number; decision: string }>();

  constructor(log: Logger) {
    this.#log = log;
  }

  handle(event: EngineEvent): void {
    const session = event.sessionId;
    switch (event.type) {
      case "turn_started":
        return this.#log.debug("turn started", { session, turn: event.turnId });
      case "turn_ended":
        if (event.reason.kind === "error") return this.#log.error("turn failed", { session, turn: event.turnId, error: event.reason.message });
        return this.#log.info("turn ended", { session, turn: event.turnId, reason: event.reason.kind });
      case "model_call_finished":
        return this.#log.info("model call", {
          session, provider: event.provider, model: event.model, ms: event.elapsedMs, retries: event.retries, costUsd: event.costUsd,
          inputTokens: event.usage.promptTokens, outputTokens: event.usage.completionTokens, cacheReadTokens: event.usage.cacheReadTokens, cacheCreationTokens: event.usage.cacheCreationTokens,
        });
      case "tool_call_started":
        this.#calls.set(event.id, { name: event.name, started: Date.now(), decision: "auto" });
        return this.#log.debug("tool call", { session, id: event.id, tool: event.name, args: clip(JSON.stringify(event.args ?? null)) });
      case "approval_requested":
        this.#mark(event.callId, "asked");
        return this.#log.info("tool call needs approval", { session, id: event.callId, tool: event.toolName, effect: event.effect, detail: event.detail });
      case "action_blocked":
        this.#mark(event.callId, "blocked");
        return this.#log.info("tool call blocked", { session, id: event.callId, tool: event.toolName, reason: event.reason, detail: event.detail });
      case "tool_call_finished": {
        const call = this.#calls.get(event.id);
        this.#calls.delete(event.id);
        return this.#log.info("tool result", {
          session, id: event.id, tool: event.name, decision: call?.decision ?? "auto", success: event.success,
          resultChars: event.output.length, ms: call ? Date.now() - call.started : null,
        });
      }
      case "loop_cap_reached":
        return this.#log.warn("loop cap reached", { session, cap: event.cap, recentTools: event.recentTools });
      case "turn_limit_reached":
        return this.#log.warn("turn limit reached", { session, limit: event.limit, modelCalls: event.modelCalls, costUsd: event.costUsd });
      case "compacted":
        return this.#log.info("compacted", { session, archived: event.archived, preserved: event.preserved, trigger: event.trigger });
      case "subagent_started":
        return this.#log.info("sub-agent started", { session, child: event.childSessionId, agent: event.agentName });
      case "subagent_finished":
        return this.#log.info("sub-agent finished", { session, child: event.childSessionId, reason: event.reason.kind });
      case "warn":
        return this.#log.warn(event.message, { session });
      case "error":
        return this.#log.error(event.message, { session });
      default:
        return;
    }
  }

  #mark(callId: string, decision: string): void {
    const call = this.#calls.get(callId);
    if (call) call.decision = decision;
  }
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
