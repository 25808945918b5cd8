/**
 * What every LlmProvider adapter needs besides its SDK: one-line error texts, the root cause of
 * a failed connection, the server's requested retry delay, and a watchdog for stalled streams.
 * Here rather than in each adapter, because adapters may not import one another.
 */

import { ProviderError } from "./llm-provider.ts";

const MAX_DETAIL_LENGTH = 300;

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}

/** Error bodies can be multi-line or whole HTML pages from a proxy; the UI wants one short line. */
export function oneLine(text: string, max: number = MAX_DETAIL_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Ends a server's message with a full stop, so that a sentence can follow it. */
export function withPeriod(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** The innermost cause names the real problem ("ECONNREFUSED", "other side closed"). */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" && !current.message.includes(code) ? `${current.message} [${code}]` : current.message);
    current = current.cause;
  }
  return oneLine(parts.at(-1) ?? String(error));
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms`, else `retry-after` in seconds or as
 * an HTTP date; undefined when absent or unreadable.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long a provider may take to send the first event of a reply (URSA_FIRST_BYTE_TIMEOUT_S overrides it). */
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 60_000;

/**
 * Aborts the request when the caller does or when the server goes quiet for too long: an SDK's
 * own timeout stops at the response headers, but a stream can stall after them — a local model
 * still loading into memory, or a proxy holding a dead upstream open. The first event has its
 * own, shorter limit: a server that accepted the request and sends nothing at all is dead, and
 * waiting the whole idle limit on every attempt would take half an hour to say so.
 * Call `reset()` on every event received.
 */
export class StreamWatchdog {
  readonly #controller = new AbortController();
  readonly #idleMs: number;
  readonly #firstByteMs: number;
  readonly signal: AbortSignal;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;
  #started = false;

  constructor(caller: AbortSignal, idleMs: number, firstByteMs: number = Math.min(idleMs, DEFAULT_FIRST_BYTE_TIMEOUT_MS)) {
    this.#idleMs = idleMs;
    this.#firstByteMs = firstByteMs;
    this.signal = AbortSignal.any([caller, this.#controller.signal]);
    this.#arm(firstByteMs);
  }

  get expired(): boolean {
    return this.#expired;
  }

  /** The error to report once expired: `label` is the provider's name as users know it. */
  timeoutError(label: string, cause: unknown): ProviderError {
    return this.#started
      ? new ProviderError("network", `${label} sent nothing for ${seconds(this.#idleMs)}; the connection looks dead.`, { cause })
      : new ProviderError("network", `${label} accepted the request but sent nothing for ${seconds(this.#firstByteMs)}.`, { cause, silent: true });
  }

  reset(): void {
    this.#started = true;
    this.#arm(this.#idleMs);
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort();
    }, ms);
  }

  /** Stops the timer and aborts whatever is still open, e.g. when the consumer stopped early. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
