import type { Readable, Writable } from "node:stream";

/** A request the other side sent: answer it (resolve) or refuse it (throw an Error, its message goes back). */
export type RequestHandler = (method: string, params: Record<string, unknown>, context: { id: number | string; signal: AbortSignal; notify: (method: string, params: unknown) => void }) => Promise<unknown>;
export type NotificationHandler = (method: string, params: Record<string, unknown>) => void;

/** A failed request: the other side's one-line error, or the connection ended under it. */
/** The longest message a child may send (a tool result of several MiB fits). */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

export class RpcError extends Error {
  override readonly name = "RpcError";
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Newline-delimited JSON-RPC 2.0 over a child's stdio, both directions: the host asks the
 * plugin (activate, call a tool), the plugin asks the host (ctx.fs, ctx.http). A line that is
 * not JSON is ignored; a connection that ends rejects everything still waiting.
 */
export class RpcConnection {
  readonly #out: Writable;
  readonly #onRequest: RequestHandler;
  readonly #onNotification: NotificationHandler;
  readonly #waiting = new Map<number, Waiting>();
  readonly #serving = new Map<number | string, AbortController>();
  #nextId = 1;
  #closed: Error | null = null;

  constructor(input: Readable, output: Writable, onRequest: RequestHandler, onNotification: NotificationHandler) {
    this.#out = output;
    this.#onRequest = onRequest;
    this.#onNotification = onNotification;
    let buffer = "";
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => {
      // Only the new chunk is searched for line ends, and a line may not grow past a cap: a child
      // that writes without newlines must not make Ursa's memory and event loop pay for it.
      let newline = chunk.indexOf("\n");
      if (newline < 0) {
        buffer += chunk;
        if (buffer.length > MAX_LINE_CHARS) {
          buffer = "";
          this.close(new Error(`the plugin wrote a message over ${MAX_LINE_CHARS / 1024 / 1024} MiB`));
          input.destroy();
        }
        return;
      }
      let rest = chunk;
      while (newline >= 0) {
        const line = (buffer + rest.slice(0, newline)).trim();
        buffer = "";
        rest = rest.slice(newline + 1);
        if (line !== "") this.#receive(line);
        newline = rest.indexOf("\n");
      }
      buffer = rest;
    });
    // Writing to a child that just died must not crash Ursa; the exit is reported elsewhere.
    output.on("error", () => {});
  }

  request<T = unknown>(method: string, params: unknown, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const abort = (): void => {
        this.#waiting.delete(id);
        this.notify("$/cancelRequest", { id });
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.#waiting.set(id, {
        resolve: (value) => { signal?.removeEventListener("abort", abort); resolve(value as T); },
        reject: (error) => { signal?.removeEventListener("abort", abort); reject(error); },
      });
      this.#send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.#closed) this.#send({ jsonrpc: "2.0", method, params });
  }

  /** Everything waiting fails with `reason`; later requests fail at once. */
  close(reason: Error): void {
    if (this.#closed) return;
    this.#closed = reason;
    for (const waiting of this.#waiting.values()) waiting.reject(reason);
    this.#waiting.clear();
    for (const controller of this.#serving.values()) controller.abort(reason);
    this.#serving.clear();
  }

  #send(message: unknown): void {
    this.#out.write(`${JSON.stringify(message)}\n`);
  }

  #receive(line: string): void {
    let message: { id?: number | string; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message?: unknown } };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof message !== "object" || message === null) return;
    if (message.method === undefined) {
      const waiting = this.#waiting.get(message.id as number);
      if (!waiting) return;
      this.#waiting.delete(message.id as number);
      if (message.error) waiting.reject(new RpcError(String(message.error.message ?? "failed")));
      else waiting.resolve(message.result);
      return;
    }
    const params = typeof message.params === "object" && message.params !== null ? message.params : {};
    if (message.method === "$/cancelRequest") {
      this.#serving.get(params["id"] as number)?.abort(new DOMException("cancelled by the plugin", "AbortError"));
      return;
    }
    if (message.id === undefined) {
      this.#onNotification(message.method, params);
      return;
    }
    const id = message.id;
    const controller = new AbortController();
    this.#serving.set(id, controller);
    this.#onRequest(message.method, params, { id, signal: controller.signal, notify: (method, p) => this.notify(method, p) }).then(
      (result) => this.#closed || this.#send({ jsonrpc: "2.0", id, result: result ?? null }),
      (error: unknown) => this.#closed || this.#send({ jsonrpc: "2.0", id, error: { code: -32000, message: error instanceof Error ? error.message : String(error) } }),
    ).finally(() => this.#serving.delete(id));
  }
}
