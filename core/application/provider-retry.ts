import { ProviderError, type ChatRequest, type LlmProvider, type StreamChunk } from "../ports/llm-provider.ts";
import { backoffDelay } from "../domain/backoff.ts";
import { sleep } from "./session-cancel.ts";

export interface RetryPolicy {
  /** Attempts after the first one (koda: 5). */
  readonly maxRetries: number;
  /** The backoff's first ceiling, doubled on every retry (2, 4, 8, 16, 32 s with the defaults); each wait is drawn below it (full jitter). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest retry-after honoured; a server asking for more gets no retry (it is said why). */
  readonly maxRetryAfterMs: number;
  /** Retries after a server accepted the request and sent nothing (the first-byte timeout). */
  readonly maxSilentRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 2_000, maxDelayMs: 32_000, maxRetryAfterMs: 120_000, maxSilentRetries: 1 };

/**
 * Streams a provider request, retrying rate limits, overloads, server errors and network
 * failures with exponential backoff and full jitter, or after exactly the server's retry-after
 * when it sends one (up to maxRetryAfterMs: a longer wait is not shortened in secret, the failure
 * says so instead). A server that accepted the request and sent nothing is retried once: it is
 * more likely dead than slow. A failure after the first chunk was yielded is not retried: the
 * caller already showed part of the reply, and a retry would show it twice.
 */
export async function* streamWithRetry(
  provider: LlmProvider,
  request: ChatRequest,
  signal: AbortSignal,
  options: { policy?: RetryPolicy; onRetry?: (error: ProviderError, delayMs: number, attempt: number) => void } = {},
): AsyncGenerator<StreamChunk> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  let silent = 0;
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
      if (error.silent && ++silent > policy.maxSilentRetries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
        const asked = Math.ceil(error.retryAfterMs / 1000);
        throw new ProviderError(error.kind, `${error.message} The server asked to retry after ${asked} s, longer than Ursa waits (${policy.maxRetryAfterMs / 1000} s): try again later.`, {
          ...(error.status !== undefined ? { status: error.status } : {}),
          retryAfterMs: error.retryAfterMs,
          cause: error,
        });
      }
      const delay = error.retryAfterMs ?? backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }, attempt);
      options.onRetry?.(error, delay, attempt + 1);
      await sleep(delay, signal);
    }
  }
}
