import type { Logger } from "../../core/ports/logger.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import type { SettingsStore } from "../../core/ports/settings-store.ts";
import type { ToolSource } from "../../core/ports/tool-source.ts";
import type { Tool } from "../../core/ports/tool.ts";
import * as catalog from "./catalog.ts";
import { deleteServerConfig, loadServerConfigs, saveServerConfig } from "./config-store.ts";
import type { McpResourceContent } from "./content.ts";
import { message } from "./open-client.ts";
import { nameProblem, type McpServerConfig } from "./server-config.ts";
import { McpConnection, type BackoffPolicy, type McpServerStatus } from "./server-connection.ts";

export interface McpServerManagerOptions {
  readonly settings: SettingsStore;
  /** Ursa's environment: `${VAR}` in configurations reads it; stdio servers inherit it unless `inheritedEnv` is given. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * What stdio servers inherit instead: Ursa's environment without its secrets (the composition
   * root decides which). A server's `env` can still pass one on by name (`KEY: "${KEY}"`).
   */
  readonly inheritedEnv?: Readonly<Record<string, string | undefined>>;
  /** Where stdio servers run unless configured otherwise (the project root). */
  readonly cwd: string;
  /** Sent to servers in `initialize`. */
  readonly clientVersion: string;
  readonly log?: Logger;
  readonly backoff?: Partial<BackoffPolicy>;
  /**
   * How often to re-read the stored configurations, so `ursa mcp add` or `remove` in another
   * terminal reaches a running Ursa; 0 (the default) only reads them on start, add and remove.
   */
  readonly pollIntervalMs?: number;
  /**
   * Servers configured outside the database (a project's approved `.mcp.json`, `--mcp-config`),
   * read at every refresh; a server of the same name in the database wins.
   */
  readonly extraServers?: () => readonly { readonly name: string; readonly config: McpServerConfig }[];
  /** How often an HTTP server is pinged, so one that went away shows before the next call; 0 turns it off. */
  readonly healthCheckMs?: number;
}

const DEFAULT_HEALTH_CHECK_MS = 30_000;

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, maxAttempts: 6 };

/**
 * Every configured MCP server, once per process and shared by all sessions. Servers connect
 * in parallel in the background; tools of connected servers appear as `server__tool`, their
 * instructions in `instructions()`, and `onChange` tells the composition root to re-sync.
 */
export class McpServerManager implements ToolSource {
  readonly #o: McpServerManagerOptions;
  readonly #log: Logger;
  readonly #connections = new Map<string, McpConnection>();
  /** Stored entries that cannot be used, with the reason: shown as failed servers. */
  readonly #broken = new Map<string, string>();
  readonly #listeners = new Set<() => void>();
  #started: Promise<void> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #poll: ReturnType<typeof setInterval> | null = null;
  #closed = false;

  constructor(options: McpServerManagerOptions) {
    this.#o = options;
    this.#log = options.log ?? SILENT_LOGGER;
  }

  /** Reads the configurations and starts connecting every server; returns at once. Idempotent. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = this.refresh().catch((error) => this.#log.error("could not load MCP server configurations", { error: message(error) }));
    const every = this.#o.pollIntervalMs ?? 0;
    if (every > 0) {
      this.#poll = setInterval(() => void this.refresh().catch((error) => this.#log.warn("MCP configuration refresh failed", { error: message(error) })), every);
      this.#poll.unref?.();
    }
  }

  /** Resolves once every server has connected or failed (a headless run waits for this before its turn). */
  async settled(): Promise<void> {
    await this.#started;
    await Promise.all([...this.#connections.values()].map((c) => c.settled()));
  }

  tools(): readonly Tool[] {
    return this.#sorted().flatMap((c) => c.tools());
  }

  /**
   * A call to an MCP tool (`server__tool`) nobody offers yet waits for the servers still
   * starting (each up to its startup timeout): the turn began without waiting for them.
   */
  async waitForTool(name: string, signal: AbortSignal): Promise<void> {
    if (!name.includes("__")) return;
    const starting = async () => {
      await this.#started;
      await Promise.all([...this.#connections.values()].filter((c) => c.status().state === "connecting").map((c) => c.settled()));
    };
    signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      starting().then(resolve, resolve).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  instructions(): string {
    return this.#sorted()
      .filter((c) => c.instructions() !== "")
      .map((c) => `---[start of server instructions from ${c.name}]---\n${c.instructions()}\n---[end of server instructions from ${c.name}]---`)
      .join("\n\n");
  }

  status(): readonly McpServerStatus[] {
    const broken = [...this.#broken].map(([name, error]): McpServerStatus => ({
      name, state: "failed", toolCount: 0, lastError: error, transport: "invalid", target: "", pid: null, skippedTools: [],
    }));
    return [...this.#sorted().map((c) => c.status()), ...broken].sort((a, b) => a.name.localeCompare(b.name));
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores the configuration (replacing one of the same name) and connects; returns before the server is up. */
  async add(name: string, config: McpServerConfig): Promise<void> {
    await saveServerConfig(this.#o.settings, name, config);
    this.start();
    await this.refresh();
  }

  /** Forgets the server and stops it; false when there was none. */
  async remove(name: string): Promise<boolean> {
    const existed = await deleteServerConfig(this.#o.settings, name);
    this.start();
    await this.refresh();
    return existed;
  }

  /** Connects the server again now (after fixing what made it fail, or to reset its backoff). */
  async reconnect(name: string): Promise<void> {
    await this.#named(name).reconnect();
  }

  /** Brings the running servers in line with the stored configurations. */
  refresh(): Promise<void> {
    const run = this.#queue.then(() => this.#reconcile());
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Resources of one server, or of every connected server. */
  async listResources(name?: string): Promise<catalog.McpResource[]> {
    return this.#fromServers(name, (c) => catalog.listResources(c.name, c.client(), c.toolTimeoutMs));
  }

  readResource(server: string, uri: string): Promise<McpResourceContent[]> {
    const c = this.#named(server);
    return catalog.readResource(c.client(), uri, c.toolTimeoutMs);
  }

  async listPrompts(name?: string): Promise<catalog.McpPrompt[]> {
    return this.#fromServers(name, (c) => catalog.listPrompts(c.name, c.client(), c.toolTimeoutMs));
  }

  getPrompt(server: string, name: string, args: Readonly<Record<string, string>> = {}): Promise<catalog.McpPromptResult> {
    const c = this.#named(server);
    return catalog.getPrompt(c.client(), name, args, c.toolTimeoutMs);
  }

  /** Stops every server and waits until stdio servers have exited. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#poll) clearInterval(this.#poll);
    this.#listeners.clear();
    await this.#queue;
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  async #reconcile(): Promise<void> {
    if (this.#closed) return;
    const own = await loadServerConfigs(this.#o.settings);
    if (this.#closed) return;
    const ownNames = new Set(own.map((s) => s.name));
    const extra = (this.#o.extraServers?.() ?? []).filter((s) => !ownNames.has(s.name)).map((s) => ({ ...s, error: null }));
    const stored = [...own, ...extra];
    const stopping: Promise<void>[] = [];
    const stop = (name: string): void => {
      const connection = this.#connections.get(name);
      if (!connection) return;
      this.#connections.delete(name);
      stopping.push(connection.close());
    };
    let changed = false;
    for (const entry of stored) {
      const error = entry.error ?? nameProblem(entry.name);
      if (error !== null || entry.config === null) {
        changed ||= this.#broken.get(entry.name) !== error || this.#connections.has(entry.name);
        this.#broken.set(entry.name, error ?? "invalid configuration");
        stop(entry.name);
        continue;
      }
      changed ||= this.#broken.delete(entry.name);
      const current = this.#connections.get(entry.name);
      if (current && JSON.stringify(current.config) === JSON.stringify(entry.config)) continue;
      stop(entry.name);
      const connection = new McpConnection({
        name: entry.name,
        config: entry.config,
        env: this.#o.env,
        inheritedEnv: this.#o.inheritedEnv ?? this.#o.env,
        healthCheckMs: this.#o.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS,
        cwd: this.#o.cwd,
        clientInfo: { name: "ursa", version: this.#o.clientVersion },
        backoff: { ...DEFAULT_BACKOFF, ...this.#o.backoff },
        log: this.#log,
        onChange: () => this.#emit(),
      });
      this.#connections.set(entry.name, connection);
      connection.start();
      changed = true;
    }
    const names = new Set(stored.map((s) => s.name));
    for (const name of [...this.#connections.keys(), ...this.#broken.keys()]) {
      if (names.has(name)) continue;
      stop(name);
      this.#broken.delete(name);
      changed = true;
    }
    await Promise.all(stopping);
    if (changed) this.#emit();
  }

  async #fromServers<T>(name: string | undefined, read: (c: McpConnection) => Promise<T[]>): Promise<T[]> {
    if (name !== undefined) return read(this.#named(name));
    const connected = this.#sorted().filter((c) => c.status().state === "connected");
    const results = await Promise.allSettled(connected.map(read));
    return results.flatMap((r, i) => {
      if (r.status === "fulfilled") return r.value;
      this.#log.warn("MCP listing failed", { server: connected[i]!.name, error: message(r.reason) });
      return [];
    });
  }

  #named(name: string): McpConnection {
    const connection = this.#connections.get(name);
    if (connection) return connection;
    const broken = this.#broken.get(name);
    throw new Error(broken ? `MCP server "${name}" cannot start: ${broken}` : `no MCP server named "${name}"`);
  }

  #sorted(): McpConnection[] {
    return [...this.#connections.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  #emit(): void {
    if (this.#closed) return;
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        this.#log.error("an MCP change listener failed", { error: message(error) });
      }
    }
  }
}
