/** Tokens one provider call used. */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheCreationTokens: number;
  readonly thinkingTokens: number;
  /** Why the model stopped ("end_turn", "tool_use", "max_tokens"…); empty when unknown. */
  readonly stopReason: string;
}

export const ZERO_USAGE: TokenUsage = {
  promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, stopReason: "",
};

/** A turn's totals, as `usage_reported` says them (the line under a turn), kept to show them again on reopening. */
export interface TurnUsage {
  readonly usage: TokenUsage;
  /** Null when no call of the turn had a price. */
  readonly costUsd: number | null;
  readonly elapsedMs: number;
  readonly tokensPerSecond: number;
}

/** Usage summed over a session (or one agent of it). */
export interface SessionUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheCreationTokens: number;
  readonly thinkingTokens: number;
  readonly apiCalls: number;
  /** Dollars of the calls whose model has a known price. */
  readonly costUsd: number;
  /** Calls whose model has no known price (local or unknown models): the cost leaves them out. */
  readonly unpricedCalls: number;
}

/** The whole prompt a call sent: new tokens plus those read from and written to the cache. */
export function promptSize(u: Pick<TokenUsage, "promptTokens" | "cacheReadTokens" | "cacheCreationTokens">): number {
  return u.promptTokens + u.cacheReadTokens + u.cacheCreationTokens;
}

export const ZERO_SESSION_USAGE: SessionUsage = {
  promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 0, costUsd: 0, unpricedCalls: 0,
};

type TokenCounts = Omit<TokenUsage, "stopReason">;

function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens,
  };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { ...addTokens(a, b), stopReason: b.stopReason || a.stopReason };
}

export function addSessionUsage(a: SessionUsage, b: SessionUsage): SessionUsage {
  return { ...addTokens(a, b), apiCalls: a.apiCalls + b.apiCalls, costUsd: a.costUsd + b.costUsd, unpricedCalls: a.unpricedCalls + b.unpricedCalls };
}
