import { ProviderError, type ChatRequest, type LlmProvider, type StreamChunk } from "../ports/llm-provider.ts";
import { backoffDelay } from "../domain/backoff.ts";
import { sleep } from "./session-cancel.ts";

export interface RetryPolicy {
  /** Attempts after the first one (koda: 5). */
  readonly maxRetries: number;
  /** The backoff's first ceiling, doubled on every retry (2, 4, 8, 16, 32 s with the defaults); each wait is drawn below it (full jitter). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 2_000, maxDelayMs: 32_000 };

/**
 * Streams a provider request, retrying rate limits, overloads, server errors and network
 * failures with exponential backoff and full jitter (or the server's retry-after). A failure after the first
 * chunk was yielded is not retried: the caller already showed part of the reply, and a
 * retry would show it twice.
 */
export async function* streamWithRetry(
  provider: LlmProvider,
  request: ChatRequest,
  signal: AbortSignal,
  options: { policy?: RetryPolicy; onRetry?: (error: ProviderError, delayMs: number, attempt: number) => void } = {},
): AsyncGenerator<StreamChunk> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  for (let attempt = 0; ; attempt++) {
    let yielded = false;
    try {
      for await (const chunk of provider.stream(request, signal)) {
        yielded = true;
        yield chunk;
      }
      return;
    } catch (error) {
      if (signal.aborted || yielded || !(error instanceof ProviderError) || !error.retryable || attempt >= policy.maxRetries) {
        throw error;
      }
      const backoff = backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }, attempt);
      const delay = error.retryAfterMs !== undefined ? Math.min(policy.maxDelayMs, error.retryAfterMs) : backoff;
      options.onRetry?.(error, delay, attempt + 1);
      await sleep(delay, signal);
    }
  }
}
