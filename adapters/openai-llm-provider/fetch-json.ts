export interface FetchJsonOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON with POST; without it the request is a GET. */
  readonly body?: unknown;
}

/**
 * A small JSON request for the side endpoints the SDK does not cover (Ollama's /api/show, LM
 * Studio's /api/v0, llama.cpp's /props, detection). Rejects on a non-2xx status, a body that is
 * not JSON, the caller's abort or the timeout; callers treat every rejection as "not known here".
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const post = options.body !== undefined;
  const response = await fetch(url, {
    method: post ? "POST" : "GET",
    headers: { accept: "application/json", ...(post ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(post ? { body: JSON.stringify(options.body) } : {}),
    signal,
  });
  if (!response.ok) {
    // The error body says nothing the caller uses; release the connection without reading it.
    void response.body?.cancel().catch(() => {});
    throw new Error(`${url} answered ${response.status}`);
  }
  return (await response.json()) as unknown;
}

export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A positive whole number of tokens, from a number or numeric text (some servers send either). */
export function tokenCount(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number > 0 ? number : undefined;
}
