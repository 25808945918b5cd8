import type { EngineEvent, TurnEndReason } from "../../core/domain/engine-event.ts";
import type { TurnLimitKind } from "../../core/domain/turn-limits.ts";
import { addUsage, ZERO_USAGE, type TokenUsage } from "../../core/domain/usage.ts";

export const RESULT_SUBTYPES = ["success", "error_max_turns", "error_during_execution", "error_max_budget_usd"] as const;
export type ResultSubtype = (typeof RESULT_SUBTYPES)[number];

/** A call the run refused (the policy, the mode, or a permission rule), as Claude Code reports it. */
export interface PermissionDenial {
  tool_name: string;
  tool_input: unknown;
  reason: string;
}

/**
 * `--output-format json` (and the last line of `stream-json`): Claude Code's result object,
 * field for field, followed by Ursa's own extras under their earlier names.
 */
export interface HeadlessResult {
  type: "result";
  subtype: ResultSubtype;
  is_error: boolean;
  /** The final answer: the text of the model's last reply. */
  result: string;
  /** Null when the run failed before a session existed. */
  session_id: string | null;
  /** Model calls this run made. */
  num_turns: number;
  duration_ms: number;
  /** The session's cost so far (all runs, all agents), in dollars. */
  total_cost_usd: number;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number; thinking_tokens: number };
  permission_denials: PermissionDenial[];
  // Ursa's extras.
  provider?: string;
  model?: string;
  mode?: string;
  /** Dollars this run cost; null when the model has no known price. */
  cost_usd?: number | null;
  /** The session's cost so far, per agent, and the total. */
  session_cost_usd?: { total: number; by_agent: Record<string, number>; unpriced_calls: number };
  stop_reason?: "complete" | "cancelled" | "error" | TurnLimitKind;
  error?: string;
}

/**
 * Rounds a sum of per-token prices: they carry at most ten decimal places of a dollar
 * ($0.0001 per million tokens), so anything past that is floating-point noise.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

/** A result for a run that failed before its turn started (bad usage, no key, unknown session). */
export function earlyErrorResult(message: string, startedAt: number, now = Date.now()): HeadlessResult {
  return {
    type: "result",
    subtype: "error_during_execution",
    is_error: true,
    result: "",
    session_id: null,
    num_turns: 0,
    duration_ms: now - startedAt,
    total_cost_usd: 0,
    usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, thinking_tokens: 0 },
    permission_denials: [],
    error: message,
  };
}

/** Collects the final reply, usage, model calls and refusals of one session's turn from its events. */
export class ResultCollector {
  #reply = "";
  #usage: TokenUsage = ZERO_USAGE;
  #cost: number | null = null;
  #modelCalls = 0;
  #limit: TurnLimitKind | null = null;
  readonly #args = new Map<string, unknown>();
  readonly denials: PermissionDenial[] = [];

  handle(event: EngineEvent): void {
    switch (event.type) {
      case "tool_call_started":
        this.#reply = "";
        this.#args.set(event.id, event.args);
        return;
      case "text_delta":
        this.#reply += event.text;
        return;
      case "model_call_finished":
        this.#modelCalls++;
        this.#usage = addUsage(this.#usage, event.usage);
        if (event.costUsd !== null) this.#cost = (this.#cost ?? 0) + event.costUsd;
        return;
      case "turn_limit_reached":
        this.#limit = event.limit;
        return;
      case "loop_cap_reached":
        this.#limit = "max_turns";
        return;
      default:
        return;
    }
  }

  /** A refused call: the headless policy's, the mode's, or a permission rule's. */
  denied(callId: string, toolName: string, reason: string): void {
    this.denials.push({ tool_name: toolName, tool_input: this.#args.get(callId) ?? null, reason });
  }

  /** The text of the model's last reply (after its last tool call). */
  get reply(): string {
    return this.#reply;
  }

  /** Which limit ended the turn, if one did. */
  get limit(): TurnLimitKind | null {
    return this.#limit;
  }

  subtype(reason: TurnEndReason): ResultSubtype {
    if (reason.kind !== "complete") return "error_during_execution";
    if (this.#limit === "max_turns") return "error_max_turns";
    if (this.#limit === "max_budget_usd") return "error_max_budget_usd";
    return "success";
  }

  result(base: {
    sessionId: string;
    provider: string;
    model: string;
    mode: string;
    reason: TurnEndReason;
    durationMs: number;
    sessionCost: NonNullable<HeadlessResult["session_cost_usd"]>;
  }): HeadlessResult {
    const u = this.#usage;
    const subtype = this.subtype(base.reason);
    return {
      type: "result",
      subtype,
      is_error: subtype !== "success",
      result: this.#reply.trim(),
      session_id: base.sessionId,
      num_turns: this.#modelCalls,
      duration_ms: base.durationMs,
      total_cost_usd: roundUsd(base.sessionCost.total),
      usage: {
        input_tokens: u.promptTokens,
        output_tokens: u.completionTokens,
        cache_read_input_tokens: u.cacheReadTokens,
        cache_creation_input_tokens: u.cacheCreationTokens,
        thinking_tokens: u.thinkingTokens,
      },
      permission_denials: this.denials,
      provider: base.provider,
      model: base.model,
      mode: base.mode,
      cost_usd: this.#cost === null ? null : roundUsd(this.#cost),
      session_cost_usd: { ...base.sessionCost, total: roundUsd(base.sessionCost.total), by_agent: Object.fromEntries(Object.entries(base.sessionCost.by_agent).map(([agent, usd]) => [agent, roundUsd(usd)])) },
      // A limit ends the turn cleanly, but the run stopped because of the limit.
      stop_reason: this.#limit ?? base.reason.kind,
      ...(base.reason.kind === "error" ? { error: base.reason.message } : {}),
    };
  }
}
