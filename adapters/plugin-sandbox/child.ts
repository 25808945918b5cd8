import { spawn } from "node:child_process";
import { trackChild, untrackChild, watchChild } from "./child-reaper.ts";
import { RpcConnection, type NotificationHandler, type RequestHandler } from "./rpc.ts";
import { launchArgs, type LaunchInput } from "./runtime.ts";

/** How a child ended: its exit code, or the signal that killed it. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** How to launch the child (launchArgs' input, the environment given as values), and whom to tell what it does. */
export interface ChildOptions extends Omit<LaunchInput, "args" | "envVars"> {
  readonly args?: readonly string[];
  /** Variables passed to the child (and, on Deno, the only ones it may read): the granted ones. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly onRequest: RequestHandler;
  readonly onNotification: NotificationHandler;
  /** Each line the child writes to stderr (the plugin's console). */
  readonly onStderrLine: (line: string) => void;
  /** Who the child is, in error messages ("the plugin acme.jira"). */
  readonly label: string;
  /** An MCP server stops when its input closes; Ursa's runner is asked to deactivate the plugin first. */
  readonly stopByClosingInput?: boolean;
}

const STDERR_TAIL_LINES = 20;

/**
 * One sandboxed child process: started with the runtime's permission flags and only the granted
 * environment, connected by JSON-RPC on stdio, killed with Ursa (the reaper kills it on Ursa's
 * exit or a terminating signal, its watchdog when Ursa is killed outright; the runner also exits
 * when its stdin closes).
 */
export class SandboxChild {
  readonly rpc: RpcConnection;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  readonly #stderrTail: string[] = [];
  readonly #kill: (signal: NodeJS.Signals) => void;
  readonly #closeInput: () => void;
  readonly #stopByClosingInput: boolean;

  constructor(options: ChildOptions) {
    const child = spawn(options.runtime.command, launchArgs({
      runtime: options.runtime,
      readable: [options.script, ...(options.preload ? [options.preload] : []), ...options.readable],
      ...(options.writable ? { writable: options.writable } : {}),
      ...(options.denied ? { denied: options.denied } : {}),
      ...(options.preload ? { preload: options.preload } : {}),
      ...(options.unrestricted ? { unrestricted: true } : {}),
      script: options.script,
      args: options.args ?? [],
      netHosts: options.netHosts,
      envVars: Object.keys(options.env),
      heapMb: options.heapMb,
    }), { cwd: options.cwd, env: { ...options.env, NO_COLOR: "1" }, stdio: ["pipe", "pipe", "pipe"] });
    this.pid = child.pid ?? -1;
    this.#closeInput = () => child.stdin.end();
    this.#stopByClosingInput = options.stopByClosingInput === true;
    this.#kill = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    this.rpc = new RpcConnection(child.stdout, child.stdin, options.onRequest, options.onNotification);
    let partial = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.#noteStderr(line, options.onStderrLine);
    });
    this.exited = new Promise((resolve) => {
      child.on("error", (error) => {
        this.#noteStderr(`could not start ${options.runtime.command}: ${error.message}`, options.onStderrLine);
        resolve({ code: null, signal: null });
      });
      child.on("close", (code, signal) => {
        if (partial) this.#noteStderr(partial, options.onStderrLine);
        resolve({ code, signal });
      });
    });
    const unwatch = this.pid > 0 ? watchChild(this.pid) : () => {};
    if (this.pid > 0) trackChild(this.pid);
    // Disarmed when the process is reaped, not when its pipes close: a grandchild holding stdout
    // open would otherwise leave a kill aimed at a process id the system may give to another.
    child.on("exit", () => {
      unwatch();
      if (this.pid > 0) untrackChild(this.pid);
    });
    void this.exited.then((exit) => {
      this.rpc.close(new Error(`${options.label} ${describeExit(exit, this.stderrTail())}`));
    });
  }

  /** The last lines the child wrote to stderr, the likeliest explanation of a crash. */
  stderrTail(): string[] {
    return [...this.#stderrTail];
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.#kill(signal);
  }

  /** Asks the plugin to deactivate, then makes sure the process is gone. */
  async stop(graceMs = 1_000): Promise<void> {
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    try {
      if (this.#stopByClosingInput) this.#closeInput();
      else await Promise.race([this.rpc.request("shutdown", {}).catch(() => {}), this.exited]);
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  #noteStderr(raw: string, forward: (line: string) => void): void {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
    if (line.trim() === "") return;
    this.#stderrTail.push(line);
    if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.shift();
    forward(line);
  }
}

/** One line: how the child ended and its last meaningful stderr line (an out-of-memory, a stack's message). */
export function describeExit(exit: ChildExit, stderrTail: readonly string[]): string {
  const how = exit.signal ? `was killed (${exit.signal})` : exit.code === null ? "could not start" : `exited with code ${exit.code}`;
  const hint = lastMeaningful(stderrTail);
  return hint ? `${how}: ${hint}` : how;
}

function lastMeaningful(lines: readonly string[]): string | null {
  const oom = lines.find((l) => /heap out of memory|Reached heap limit|out of memory/i.test(l));
  if (oom) return "out of memory (heap limit reached)";
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === "" || /^at\s|^\^+$|^Node\.js v|^\s*$/.test(line) || line.startsWith("file://")) continue;
    return line.length > 200 ? `${line.slice(0, 197)}...` : line;
  }
  return null;
}
