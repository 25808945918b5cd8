import { mkdir, realpath } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Observable } from "rxjs";
import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { FileSystem } from "../../core/ports/file-system.ts";
import type { HttpClient } from "../../core/ports/http-client.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { ProcessRunner } from "../../core/ports/process-runner.ts";
import type { Tool } from "../../core/ports/tool.ts";
import type { HookName, ToolHooks } from "../../core/ports/tool-hooks.ts";
import { PluginBroker, type ActiveCall, type AddressPolicy } from "./broker.ts";
import { describeExit, SandboxChild } from "./child.ts";
import { resolveGrants, type ResolvedGrants } from "./grants.ts";
import { ipv6Unfenced, netFence, type NetFence } from "./net-fence.ts";
import type { PluginKind, PluginPermissions } from "../../core/domain/plugin-manifest.ts";
import { initializeMcp, mcpProxyTool, prepareMcp, startMcpChild } from "./mcp-package.ts";
import type { McpToolInfo, PluginHandle } from "./plugin-handle.ts";
import { proxyTool } from "./proxy-tool.ts";
import { followRegistration } from "./registrations.ts";
import { runnerFile } from "./runner-file.ts";
import type { SandboxRuntime } from "./runtime.ts";
import type { ToolSummary } from "./tool-summary.ts";

/** A plugin as the lockfile records it, with its package's folder in the store. */
export interface InstalledPlugin {
  readonly id: string;
  readonly version: string;
  readonly kind: PluginKind;
  readonly dir: string;
  readonly main: string;
  readonly granted: PluginPermissions;
  readonly tools: readonly ToolSummary[];
  /**
   * A developer-mode module from `$URSA_HOME/plugins/`: run in a child of its own, so a hang, a
   * crash or process.exit cannot take Ursa down, but UNSANDBOXED (no runtime flags, Ursa's
   * environment, every ctx call allowed but the data directory). Its tools are learnt by
   * starting it at once.
   */
  readonly developer?: boolean;
}

/** What the host lends a plugin's child; the broker checks every use against the grants. */
export interface SandboxHostDeps {
  readonly runtime: SandboxRuntime;
  readonly fs: FileSystem;
  readonly http: HttpClient;
  /** What a granted host name may resolve to, for ctx.http (see AddressPolicy). */
  readonly addressPolicy: () => Promise<AddressPolicy>;
  readonly process: ProcessRunner;
  readonly log: Logger;
  readonly events$?: Observable<EngineEvent>;
  readonly hooks?: { register<K extends HookName>(name: K, handler: ToolHooks[K]): () => void };
  readonly dataDir: string;
  readonly projectRoot: string;
  readonly homeDir: string;
  /** Ursa's environment: the granted variables are taken from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly limits: SandboxLimits;
  /** A plugin failed (crashed, hung, timed out, was disabled): one line, and the session it happened in. */
  readonly report: (pluginId: string, problem: string, sessionId: string | null) => void;
  /** Where refusals are counted for other processes (`ursa plugin list`). */
  readonly denied?: { record(pluginId: string, what: string): void };
}

export interface SandboxLimits {
  readonly activateTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly heapMb: number;
  /** Crashes after which the plugin is disabled until Ursa restarts. */
  readonly maxCrashes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { activateTimeoutMs: 10_000, callTimeoutMs: 120_000, heapMb: 128, maxCrashes: 3 };

export type PluginState = "idle" | "starting" | "running" | "disabled";

/** What `ursa plugin list` and the dashboard show of a plugin while Ursa runs. */
export interface PluginStatus {
  readonly id: string;
  readonly version: string;
  readonly sandboxed: boolean;
  readonly runtime: SandboxRuntime["kind"];
  readonly state: PluginState;
  readonly crashes: number;
  readonly denied: number;
  readonly lastProblem: string | null;
  readonly tools: readonly string[];
}

interface Started {
  readonly child: SandboxChild;
  readonly registrations: Map<number, () => void>;
  /** For an MCP server: its tools with their hints. */
  readonly mcpTools: ReadonlyMap<string, McpToolInfo>;
}

/**
 * One installed plugin: its tools are offered from the lockfile's cache, and its child starts
 * on the first call. A crash, a hang or a throw is reported and contained; after
 * `maxCrashes` the plugin is disabled. Its hooks and listeners work once the child runs.
 */
export class SandboxedPlugin implements PluginHandle {
  readonly entry: InstalledPlugin;
  readonly #deps: SandboxHostDeps;
  readonly #calls = new Map<string, ActiveCall>();
  #started: Promise<Started> | null = null;
  #state: PluginState = "idle";
  #crashes = 0;
  #denied = 0;
  #lastProblem: string | null = null;
  #lastSession: string | null = null;
  #killReason: string | null = null;
  #stopping = false;
  #onDisabled: (() => void)[] = [];
  #registered: ToolSummary[] = [];

  constructor(entry: InstalledPlugin, deps: SandboxHostDeps) {
    this.entry = entry;
    this.#deps = deps;
  }

  status(): PluginStatus {
    return {
      id: this.entry.id, version: this.entry.version, sandboxed: !this.entry.developer, runtime: this.#deps.runtime.kind, state: this.#state,
      crashes: this.#crashes, denied: this.#denied, lastProblem: this.#lastProblem, tools: this.#toolSummaries().map((t) => t.name),
    };
  }

  /** Proxies for the cached tools: nothing starts until one is used. */
  tools(): Tool[] {
    const make = this.entry.kind === "mcp" ? mcpProxyTool : proxyTool;
    return this.#toolSummaries().map((summary) => make(summary, this, this.#deps.limits.callTimeoutMs));
  }

  /** The lockfile's cache; for a developer plugin, what it registered when it started. */
  #toolSummaries(): readonly ToolSummary[] {
    return this.entry.developer ? this.#registered : this.entry.tools;
  }

  onDisabled(listener: () => void): void {
    this.#onDisabled.push(listener);
  }

  /** A developer plugin's word is taken, as a built-in's: no grants to clamp its classify with. */
  get grants(): PluginPermissions {
    return this.entry.granted;
  }

  get calls(): Map<string, ActiveCall> {
    return this.#calls;
  }

  /** Where a path really points (its nearest existing parent for a new file). */
  realPath(path: string, signal: AbortSignal): Promise<string> {
    return this.#deps.fs.realPath(path, signal);
  }

  noteSession(sessionId: string): void {
    this.#lastSession = sessionId;
  }

  /** The running child, started (and activated) if need be. */
  async child(): Promise<SandboxChild> {
    if (this.#state === "disabled") throw new Error(`the plugin ${this.entry.id} is disabled: ${this.#lastProblem ?? "it failed too often"}`);
    this.#started ??= this.#start().catch((error: unknown) => {
      this.#started = null;
      throw error;
    });
    return (await this.#started).child;
  }

  /** An MCP server's tools as it listed them when it started. */
  async mcpTools(): Promise<ReadonlyMap<string, McpToolInfo>> {
    await this.child();
    return (await this.#started!).mcpTools;
  }

  /** Kills the child for a reason that is reported when it has died (a call past its timeout). */
  kill(child: SandboxChild, reason: string): void {
    this.#killReason = reason;
    child.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const started = await this.#started?.catch(() => null);
    if (started) await started.child.stop();
  }

  async #start(): Promise<Started> {
    this.#state = "starting";
    const d = this.#deps;
    const dir = await realpath(this.entry.dir);
    const pluginData = join(d.dataDir, "plugin-data", this.entry.id);
    if (!this.entry.developer) await mkdir(pluginData, { recursive: true });
    const signal = AbortSignal.timeout(d.limits.activateTimeoutMs);
    const grants = await resolveGrants(this.entry.granted, { projectRoot: d.projectRoot, pluginData, home: d.homeDir }, d.fs, signal);
    const broker = new PluginBroker({
      pluginId: this.entry.id, grants, dataDir: await d.fs.realPath(d.dataDir, signal), pluginData: await d.fs.realPath(pluginData, signal), packageDir: dir,
      projectRoot: d.projectRoot, fs: d.fs, http: d.http, addressPolicy: d.addressPolicy, process: d.process, log: d.log, calls: this.#calls,
      onDenied: (what) => {
        this.#denied++;
        d.denied?.record(this.entry.id, what);
      },
      ...(this.entry.developer ? { unrestricted: true } : {}),
    });
    // A developer plugin gets no network guard (null): it has Ursa's full authority anyway.
    const policy = this.entry.developer ? null : await d.addressPolicy();
    const fence = policy ? netFence(grants.net, policy) : null;
    const unfenced = fence && policy && d.runtime.kind === "deno" ? await ipv6Unfenced(fence, policy, (name, s) => d.http.resolveHost(name, s), signal) : null;
    if (unfenced) {
      this.#state = "idle";
      throw new Error(`the plugin ${this.entry.id} was not started: ${unfenced}`);
    }
    if (this.entry.kind === "mcp") return this.#startMcp(dir, grants, fence, signal);
    const registrations = new Map<number, () => void>();
    let child: SandboxChild;
    child = new SandboxChild({
      runtime: d.runtime,
      readable: [dir],
      script: await runnerFile(),
      netHosts: grants.net,
      ...(fence ? { netDenied: fence.denoDenied } : {}),
      env: this.entry.developer ? definedEnv(d.env) : grantedEnv(grants, d.env),
      heapMb: d.limits.heapMb,
      cwd: dir,
      ...(this.entry.developer ? { unrestricted: true } : {}),
      onRequest: (method, params, context) => broker.serve(method, params, context.signal, context.notify, context.id),
      onNotification: (method, params) => {
        if (!followRegistration(child, registrations, this.#deps, method, params)) broker.notice(method, params);
      },
      onStderrLine: (line) => d.log.info(`plugin ${this.entry.id} stderr: ${line}`),
      label: `the plugin ${this.entry.id}`,
    });
    void child.exited.then((exit) => this.#exited(registrations, describeExit(exit, child.stderrTail())));
    let result: { tools?: ToolSummary[] };
    try {
      const net = fence ? { hosts: fence.hosts, meant: fence.meant, denied: fence.denied } : null;
      result = await child.rpc.request("initialize", { pluginUrl: pathToFileURL(join(dir, this.entry.main)).href, projectRoot: d.projectRoot, dataDir: d.dataDir, net }, signal);
    } catch (error) {
      const problem = signal.aborted ? `did not finish activating within ${d.limits.activateTimeoutMs / 1000} s` : `failed to activate: ${(error as Error).message}`;
      this.kill(child, problem);
      await child.exited;
      throw new Error(`the plugin ${this.entry.id} ${problem}`);
    }
    this.#registered = (result.tools ?? []).map(({ name, description, parameters }) => ({ name, description, parameters }));
    this.#state = "running";
    d.log.info(`plugin ${this.entry.id} started`, { runtime: d.runtime.kind, pid: child.pid });
    return { child, registrations, mcpTools: new Map() };
  }

  async #startMcp(dir: string, grants: ResolvedGrants, fence: NetFence | null, signal: AbortSignal): Promise<Started> {
    const d = this.#deps;
    await prepareMcp();
    const child = startMcpChild({
      runtime: d.runtime, dir, main: this.entry.main, grants, ...(fence ? { fence } : {}), env: grantedEnv(grants, d.env), heapMb: d.limits.heapMb, dataDir: await d.fs.realPath(d.dataDir, signal),
      onNotification: () => {}, onStderrLine: (line) => d.log.info(`plugin ${this.entry.id} stderr: ${line}`), label: `the plugin ${this.entry.id}`,
    });
    const registrations = new Map<number, () => void>();
    void child.exited.then((exit) => this.#exited(registrations, describeExit(exit, child.stderrTail())));
    try {
      const tools = await initializeMcp(child, signal);
      this.#state = "running";
      d.log.info(`plugin ${this.entry.id} (MCP server) started`, { runtime: d.runtime.kind, pid: child.pid });
      return { child, registrations, mcpTools: new Map(tools.map((t) => [t.name, t])) };
    } catch (error) {
      const problem = signal.aborted ? `did not answer initialize within ${d.limits.activateTimeoutMs / 1000} s` : `failed to start: ${(error as Error).message}`;
      this.kill(child, problem);
      await child.exited;
      throw new Error(`the plugin ${this.entry.id} ${problem}`);
    }
  }

  #exited(registrations: Map<number, () => void>, how: string): void {
    for (const dispose of registrations.values()) dispose();
    registrations.clear();
    this.#started = null;
    if (this.#stopping) {
      this.#state = "idle";
      return;
    }
    this.#crashes++;
    const problem = `the plugin ${this.entry.id} ${this.#killReason ?? how}`;
    this.#killReason = null;
    this.#lastProblem = problem;
    const disabled = this.#crashes >= this.#deps.limits.maxCrashes;
    this.#state = disabled ? "disabled" : "idle";
    this.#deps.report(this.entry.id, disabled ? `${problem}; disabled after ${this.#crashes} failures (restart Ursa to try again)` : `${problem}; it will be restarted on its next use`, this.#lastSession);
    if (disabled) for (const listener of this.#onDisabled) listener();
  }
}

function definedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Only the granted variables reach the child (Node cannot scope the environment itself). */
function grantedEnv(grants: ResolvedGrants, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of grants.env) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
