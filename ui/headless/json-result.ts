import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { TokenUsage } from "../../core/domain/usage.ts";

/** `--output-format json`: the one object printed after the turn. */
export interface HeadlessResult {
  session_id: string;
  success: boolean;
  response: string;
  provider: string;
  model: string;
  mode: string;
  usage: { input_tokens: number; output_tokens: number; cache_read_tokens: number; cache_creation_tokens: number; thinking_tokens: number };
  /** Dollars this turn cost; null when the model has no known price. */
  cost_usd: number | null;
  /** The session's cost so far, per agent, and the total. */
  session_cost_usd: { total: number; by_agent: Record<string, number>; unpriced_calls: number };
  duration_ms: number;
  stop_reason: "complete" | "cancelled" | "error";
  error?: string;
}

/** Collects the final reply and the usage from the event stream. */
export class ResultCollector {
  #reply = "";
  #usage: TokenUsage | null = null;
  #cost: number | null = null;
  #elapsed = 0;

  handle(event: EngineEvent): void {
    if (event.type === "tool_call_started") this.#reply = "";
    else if (event.type === "text_delta") this.#reply += event.text;
    else if (event.type === "usage_reported") {
      this.#usage = event.usage;
      this.#cost = event.costUsd;
      this.#elapsed = event.elapsedMs;
    }
  }

  /** The text of the model's last reply (after its last tool call). */
  get reply(): string {
    return this.#reply;
  }

  result(base: {
    sessionId: string;
    provider: string;
    model: string;
    mode: string;
    reason: "complete" | "cancelled" | "error";
    error?: string;
    sessionCost: HeadlessResult["session_cost_usd"];
  }): HeadlessResult {
    const u = this.#usage;
    return {
      session_id: base.sessionId,
      success: base.reason === "complete",
      response: this.#reply.trim(),
      provider: base.provider,
      model: base.model,
      mode: base.mode,
      usage: {
        input_tokens: u?.promptTokens ?? 0,
        output_tokens: u?.completionTokens ?? 0,
        cache_read_tokens: u?.cacheReadTokens ?? 0,
        cache_creation_tokens: u?.cacheCreationTokens ?? 0,
        thinking_tokens: u?.thinkingTokens ?? 0,
      },
      cost_usd: this.#cost,
      session_cost_usd: base.sessionCost,
      duration_ms: this.#elapsed,
      stop_reason: base.reason,
      ...(base.error !== undefined ? { error: base.error } : {}),
    };
  }
}
