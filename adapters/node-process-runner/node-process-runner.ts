import { spawn, type ChildProcess } from "node:child_process";
import type { ProcessOptions, ProcessResult, ProcessRunner } from "../../core/ports/process-runner.ts";

const DEFAULT_MAX_OUTPUT = 10 * 1024 * 1024;
/** After SIGTERM, how long a process group gets before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** After SIGKILL, how long to wait for the pipes to close before giving up on them. */
const PIPE_GRACE_MS = 500;
/** A line without a newline is handed over in pieces of this size, so one huge line cannot fill memory. */
const MAX_PARTIAL_LINE = 1024 * 1024;

/**
 * Runs commands with `bash -c` in their own process group, so a timeout or an interrupt
 * stops the command and everything it started (pipelines, background children).
 * stdin is closed: a command waiting for input gets EOF instead of hanging.
 * When bash exits, whatever it left running in its group (`server &`) is stopped too: the
 * call describes everything the command did, and a leftover would otherwise hold the output
 * pipes open until the timeout.
 */
export class NodeProcessRunner implements ProcessRunner {
  readonly #shell: string;
  readonly #env: Readonly<Record<string, string | undefined>>;

  /**
   * `env`: the environment commands start with, Ursa's own by default; the composition root
   * hands in one without Ursa's API keys (adapters/main/child-env.ts).
   */
  constructor(options: { shell?: string; env?: Readonly<Record<string, string | undefined>> } = {}) {
    this.#shell = options.shell ?? "bash";
    this.#env = options.env ?? process.env;
  }

  run(command: string, options: ProcessOptions): Promise<ProcessResult> {
    const started = Date.now();
    const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    return new Promise((resolve, reject) => {
      if (options.signal.aborted) return reject(options.signal.reason);
      const child = spawn(this.#shell, ["-c", command], {
        cwd: options.cwd,
        env: { ...this.#env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const watchdog = watchGroup(child.pid);
      const out = collector("stdout", max, options.onLine);
      const err = collector("stderr", max, options.onLine);
      child.stdout.on("data", out.push);
      child.stderr.on("data", err.push);
      let timedOut = false;
      let killing = false;
      let settled = false;
      const timers: ReturnType<typeof setTimeout>[] = [];
      const later = (ms: number, action: () => void) => {
        const timer = setTimeout(action, ms);
        timer.unref();
        timers.push(timer);
      };
      const killGroup = () => {
        if (killing) return;
        killing = true;
        signalGroup(child.pid, "SIGTERM");
        later(KILL_GRACE_MS, () => signalGroup(child.pid, "SIGKILL"));
        // A process that left the group (setsid) may hold the pipes open for ever: stop reading them.
        later(KILL_GRACE_MS + PIPE_GRACE_MS, () => {
          child.stdout.destroy();
          child.stderr.destroy();
        });
      };
      // A command that ends right at its deadline leaves its exit and the timer due together,
      // and timers can run first: looking again once the loop has read pending exits keeps a
      // finished command from being reported as killed.
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      const timeout = setTimeout(() => {
        setImmediate(() => {
          if (exited() || settled) return;
          timedOut = true;
          killGroup();
        });
      }, options.timeoutMs);
      const onAbort = () => killGroup();
      options.signal.addEventListener("abort", onAbort, { once: true });
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        watchdog?.kill("SIGKILL");
        watchdog?.stdin?.destroy();
        clearTimeout(timeout);
        for (const timer of timers) clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        finish();
      };
      child.on("exit", () => {
        clearTimeout(timeout);
        killGroup();
      });
      child.on("error", (error) => settle(() => reject(error)));
      child.on("close", (code, signal) => {
        out.flush();
        err.flush();
        settle(() => {
          if (options.signal.aborted && !timedOut) return reject(options.signal.reason);
          resolve({
            exitCode: code,
            signal,
            stdout: out.text(),
            stderr: err.text(),
            timedOut,
            truncated: out.truncated() || err.truncated(),
            durationMs: Date.now() - started,
          });
        });
      });
    });
  }
}

/**
 * A process that kills the command's process group when Ursa dies without stopping it
 * (`kill -9`, a crash): it waits on a pipe only Ursa writes to, which the kernel closes when
 * Ursa's process goes, however it goes. Ursa kills the watchdog itself once the command has
 * finished, so the watchdog never signals a group that is gone (whose id may be reused).
 */
function watchGroup(pid: number | undefined): ChildProcess | null {
  if (pid === undefined) return null;
  try {
    const watchdog = spawn("sh", ["-c", 'read -r _; kill -s KILL -- -"$1" 2>/dev/null', "ursa-watchdog", String(pid)], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    watchdog.on("error", () => {});
    watchdog.stdin?.on("error", () => {});
    watchdog.unref();
    return watchdog;
  } catch {
    return null;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Keeps up to `max` bytes of a stream and reports complete lines as they arrive. */
function collector(stream: "stdout" | "stderr", max: number, onLine?: (line: string, stream: "stdout" | "stderr") => void) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = false;
  let partial = "";
  const decoder = new TextDecoder();
  return {
    push: (chunk: Buffer) => {
      const room = max - kept;
      if (chunk.length > room) dropped = true;
      if (room > 0) {
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        chunks.push(part);
        kept += part.length;
      }
      if (!onLine) return;
      partial += decoder.decode(chunk, { stream: true });
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine(line.replace(/\r$/, ""), stream);
      while (partial.length > MAX_PARTIAL_LINE) {
        onLine(partial.slice(0, MAX_PARTIAL_LINE), stream);
        partial = partial.slice(MAX_PARTIAL_LINE);
      }
    },
    flush: () => {
      partial += decoder.decode();
      if (onLine && partial !== "") onLine(partial.replace(/\r$/, ""), stream);
      partial = "";
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
    truncated: () => dropped,
  };
}
