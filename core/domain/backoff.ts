/**
 * How long to wait before retry number `attempt` (0 for the first retry): exponential backoff
 * with full jitter, a uniform pick in [0, min(max, base · 2^attempt)]. Several sessions that hit
 * the same rate limit, or several reconnecting clients, then spread their retries out instead of
 * coming back in lockstep. The one policy every retry loop in Ursa uses (provider requests, MCP
 * reconnection, opening the database, sync).
 */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export function backoffDelay(policy: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(random() * ceiling);
}
