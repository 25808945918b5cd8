import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { backoffDelay } from "../../core/domain/backoff.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { ToolSourceStatus } from "../../core/ports/tool-source.ts";
import type { Tool, ToolContext, ToolResult } from "../../core/ports/tool.ts";
import { toolResultFrom } from "./content.ts";
import { mcpTool } from "./mcp-tool.ts";
import { message, openClient, StderrTail, type OpenedClient } from "./open-client.ts";
import { listTools, type ListedTools } from "./list-tools.ts";
import { loadClientSdk } from "./sdk.ts";
import { DEFAULT_STARTUP_TIMEOUT_SEC, DEFAULT_TOOL_TIMEOUT_SEC, describeTarget, type McpServerConfig } from "./server-config.ts";

/** One server's state, with what `/mcp` shows beyond the port's fields. */
export interface McpServerStatus extends ToolSourceStatus {
  /** The command line or URL. */
  readonly target: string;
  readonly pid: number | null;
  /** Tools the server offers that Ursa left out, each as "name: reason". */
  readonly skippedTools: readonly string[];
}

/** Reconnection after a server that was up goes away: backoff with full jitter (core/domain/backoff.ts), `maxAttempts` in a row. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

export interface ConnectionOptions {
  readonly name: string;
  readonly config: McpServerConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly inheritedEnv: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clientInfo: { readonly name: string; readonly version: string };
  readonly backoff: BackoffPolicy;
  /** How often a connected HTTP server is pinged; 0: never. */
  readonly healthCheckMs: number;
  readonly log: Logger;
  /** Tools, instructions or state changed. */
  readonly onChange: () => void;
}

/**
 * One configured server for the life of the process: connects, lists tools, calls them, and
 * reconnects with backoff when a server that was up goes away. A failure to start is
 * reported in the status and is not retried (`reconnect()` tries again).
 */
export class McpConnection {
  readonly name: string;
  readonly config: McpServerConfig;
  readonly #o: ConnectionOptions;
  #state: ToolSourceStatus["state"] = "connecting";
  #lastError: string | null = null;
  #opened: OpenedClient | null = null;
  #tools: readonly Tool[] = [];
  #toolsByKey = new Map<string, Tool>();
  #skipped: readonly string[] = [];
  #instructions = "";
  #stopped = false;
  /** Increments per attempt; callbacks from an older attempt are ignored. */
  #generation = 0;
  #reconnects = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #attempt: { controller: AbortController; done: Promise<void> } | null = null;

  constructor(options: ConnectionOptions) {
    this.name = options.name;
    this.config = options.config;
    this.#o = options;
  }

  start(): void {
    void this.#connect();
  }

  /** Resolves when the current attempt has ended (connected or failed). */
  async settled(): Promise<void> {
    await this.#attempt?.done;
  }

  status(): McpServerStatus {
    return {
      name: this.name,
      state: this.#state,
      toolCount: this.#tools.length,
      lastError: this.#lastError,
      transport: this.#opened?.kind ?? this.config.transport,
      target: describeTarget(this.config),
      pid: this.#opened?.pid ?? null,
      skippedTools: this.#skipped,
    };
  }

  /** Kept while reconnecting, so the model's calls get a clear error rather than "unknown tool". */
  tools(): readonly Tool[] {
    return this.#tools;
  }

  instructions(): string {
    return this.#instructions;
  }

  /** The connected client, or an error that says why there is none. */
  client(): Client {
    if (this.#state === "connected" && this.#opened) return this.#opened.client;
    throw new Error(this.#unavailable());
  }

  get toolTimeoutMs(): number {
    return (this.config.toolTimeoutSec ?? DEFAULT_TOOL_TIMEOUT_SEC) * 1000;
  }

  async call(toolName: string, input: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
    // A server still (re)connecting is waited for, up to its startup timeout: the call may well succeed.
    if (this.#state === "connecting") await abortable(this.settled(), ctx.signal);
    if (this.#state !== "connected" || !this.#opened) return { output: `MCP tool error: ${this.#unavailable()}`, success: false };
    try {
      const result = await this.#opened.client.callTool({ name: toolName, arguments: input }, undefined, {
        signal: ctx.signal,
        timeout: this.toolTimeoutMs,
        onprogress: (p) => ctx.emitOutputLine(`progress ${p.progress}${p.total !== undefined ? `/${p.total}` : ""}${p.message ? ` ${p.message}` : ""}`, false),
      });
      return toolResultFrom(result);
    } catch (error) {
      // The engine handles an interrupted turn; the SDK has already told the server to cancel.
      if (ctx.signal.aborted) throw error;
      const code = (error as { code?: unknown }).code;
      if (code === -32001) {
        return { output: `MCP tool error: ${toolName} on server "${this.name}" did not answer within ${this.toolTimeoutMs / 1000} s and was cancelled.`, success: false };
      }
      if (code === -32000) {
        return { output: `MCP tool error: the MCP server "${this.name}" closed the connection during the call; Ursa reconnects it.`, success: false };
      }
      // An HTTP server has no process whose exit Ursa sees: a failed connection is how it learns
      // that the server went away, and then it reconnects as it does for stdio servers.
      if (this.config.transport === "http" && /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|other side closed/i.test(describeChain(error))) {
        this.#lost(`the server could not be reached: ${message(error)}`);
        return { output: `MCP tool error: the MCP server "${this.name}" cannot be reached; Ursa reconnects it in the background.`, success: false };
      }
      return { output: `MCP tool error: ${message(error)}`, success: false };
    }
  }

  /** Drops the current connection (if any) and connects again now. */
  async reconnect(): Promise<void> {
    if (this.#stopped) return;
    this.#reconnects = 0;
    await this.#disconnect();
    void this.#connect();
  }

  /** Stops for good: no more reconnects; a stdio server is ended and waited for. */
  async close(): Promise<void> {
    this.#stopped = true;
    await this.#disconnect();
    this.#tools = [];
    this.#instructions = "";
    this.#state = "disconnected";
  }

  async #disconnect(): Promise<void> {
    this.#generation++;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const attempt = this.#attempt;
    attempt?.controller.abort(new Error("the server was stopped"));
    const opened = this.#opened;
    this.#opened = null;
    await Promise.all([attempt?.done, opened?.close()]);
  }

  #connect(): Promise<void> {
    const generation = ++this.#generation;
    const controller = new AbortController();
    const startupSec = this.config.startupTimeoutSec ?? DEFAULT_STARTUP_TIMEOUT_SEC;
    const deadline = setTimeout(() => controller.abort(new Error(`the server did not finish starting within ${startupSec} s`)), startupSec * 1000);
    this.#setState("connecting");
    const done = this.#open(generation, controller.signal).finally(() => clearTimeout(deadline));
    this.#attempt = { controller, done };
    return done;
  }

  async #open(generation: number, signal: AbortSignal): Promise<void> {
    const stderr = new StderrTail();
    let opened: OpenedClient | null = null;
    try {
      const sdk = await loadClientSdk();
      opened = await openClient({
        config: this.config,
        env: this.#o.env,
        inheritedEnv: this.#o.inheritedEnv,
        cwd: this.#o.cwd,
        clientInfo: this.#o.clientInfo,
        signal,
        stderr,
        onTerminate: () => void (this.#stopped = true),
        prepare: (client) => {
          client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => void this.#refreshTools(generation));
        },
      });
      const current = opened;
      current.client.onclose = () => this.#closed(generation, stderr);
      const tools = await listTools(current.client, this.config, signal);
      if (generation !== this.#generation) return void (await current.close());
      this.#opened = current;
      this.#reconnects = 0;
      this.#instructions = current.client.getInstructions()?.trim() ?? "";
      this.#lastError = null;
      this.#adopt(tools);
      this.#setState("connected");
      this.#o.log.info("MCP server connected", { server: this.name, transport: current.kind, tools: this.#tools.length });
      if (current.kind !== "stdio") this.#watchHealth(generation, current);
    } catch (error) {
      if (opened) {
        // Closing on purpose is not a disconnection to recover from.
        opened.client.onclose = undefined;
        await opened.close();
      }
      if (generation !== this.#generation) return;
      this.#lastError = message(error);
      this.#o.log.warn("MCP server failed to start", { server: this.name, error: this.#lastError });
      if (this.#reconnects > 0) this.#retryLater();
      else this.#fail();
    }
  }

  /** The connection of a server that was up ended: the process exited, or the server hung up. */
  #closed(generation: number, stderr: StderrTail): void {
    if (generation !== this.#generation || this.#stopped) return;
    this.#generation++;
    const said = stderr.text();
    this.#lastError = `the server closed the connection${said ? `: ${said}` : ""}`;
    this.#opened = null;
    this.#o.log.warn("MCP server disconnected", { server: this.name, error: this.#lastError });
    this.#retryLater();
  }

  /**
   * An HTTP server has no process whose exit Ursa sees, so it is pinged now and then: one that
   * stopped answering shows as disconnected (and is reconnected) before the model calls it.
   * The timer ends with the connection it watches.
   */
  #watchHealth(generation: number, opened: OpenedClient): void {
    if (this.#o.healthCheckMs <= 0) return;
    const timer = setInterval(() => {
      if (generation !== this.#generation) return clearInterval(timer);
      opened.client.ping({ timeout: Math.min(this.#o.healthCheckMs, 10_000) }).catch((error: unknown) => {
        if (pingFailureMeansGone(error) && generation === this.#generation) this.#lost(`the server stopped answering: ${message(error)}`);
      });
    }, this.#o.healthCheckMs);
    timer.unref?.();
  }

  /** The connection of an HTTP server failed while it was thought up. */
  #lost(reason: string): void {
    if (this.#stopped || !this.#opened) return;
    this.#generation++;
    const opened = this.#opened;
    this.#opened = null;
    opened.client.onclose = undefined;
    void opened.client.close().catch(() => undefined);
    this.#lastError = reason;
    this.#o.log.warn("MCP server unreachable", { server: this.name, error: reason });
    this.#retryLater();
  }

  #retryLater(): void {
    if (this.#stopped) return;
    const { baseMs, maxMs, maxAttempts } = this.#o.backoff;
    if (this.#reconnects >= maxAttempts) {
      this.#lastError = `${this.#lastError ?? "disconnected"} (gave up after ${maxAttempts} reconnection attempts)`;
      return this.#fail();
    }
    const wait = backoffDelay({ baseMs, maxMs }, this.#reconnects);
    this.#reconnects++;
    this.#setState("disconnected");
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, wait);
    this.#retryTimer.unref?.();
  }

  #fail(): void {
    this.#tools = [];
    this.#toolsByKey.clear();
    this.#instructions = "";
    this.#setState("failed");
  }

  async #refreshTools(generation: number): Promise<void> {
    const opened = this.#opened;
    if (generation !== this.#generation || !opened) return;
    try {
      const tools = await listTools(opened.client, this.config, AbortSignal.timeout(this.toolTimeoutMs));
      if (generation !== this.#generation) return;
      this.#adopt(tools);
      this.#o.onChange();
    } catch (error) {
      this.#o.log.warn("MCP tool list refresh failed", { server: this.name, error: message(error) });
    }
  }

  /** Builds Ursa tools, reusing the objects of unchanged definitions so the registry is not churned. */
  #adopt({ tools, skipped, invalid }: ListedTools): void {
    const next = new Map<string, Tool>();
    const names = new Set<string>();
    const duplicates: string[] = [];
    for (const definition of tools) {
      const key = JSON.stringify(definition);
      const tool = this.#toolsByKey.get(key) ?? mcpTool(this.name, definition, (name, input, ctx) => this.call(name, input, ctx));
      // Two names can sanitise to the same qualified name; the first keeps it.
      if (names.has(tool.name)) duplicates.push(`${definition.name}: its name clashes with another tool as ${tool.name}`);
      else next.set(key, tool);
      names.add(tool.name);
    }
    this.#toolsByKey = next;
    this.#tools = [...next.values()];
    this.#skipped = [...skipped, ...duplicates];
    if (this.#skipped.length > 0) this.#o.log.warn("MCP tools left out", { server: this.name, tools: this.#skipped });
    // A broken definition is the server's fault and worth showing; a tool needing a feature Ursa lacks is not an error.
    const faults = [...invalid, ...duplicates];
    if (faults.length > 0) this.#lastError = `${faults.length === 1 ? "a tool was" : `${faults.length} tools were`} left out: ${faults.join("; ")}`;
  }

  #unavailable(): string {
    const detail = this.#lastError ? `: ${this.#lastError}` : "";
    return `MCP server "${this.name}" is not connected (${this.#state}${detail}).`;
  }

  #setState(state: ToolSourceStatus["state"]): void {
    this.#state = state;
    this.#o.onChange();
  }
}

/** An error's message and its causes' (fetch puts the real reason, ECONNREFUSED, in `cause`). */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    parts.push(current.message, String((current as { code?: unknown }).code ?? ""));
  }
  return parts.join(" ");
}

/**
 * Whether a failed ping means the server is gone. A JSON-RPC error answer means it is there;
 * silence (-32001), a closed connection (-32000), a network failure, or an HTTP error status
 * (the SDK puts it in `code`: a restarted server's 404 for the old session, a proxy's 502) do not.
 */
export function pingFailureMeansGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "number") return true;
  if (code === -32000 || code === -32001 || code === -1) return true;
  return code >= 400 && code <= 599;
}

/** The promise, or the signal's reason when it aborts first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
