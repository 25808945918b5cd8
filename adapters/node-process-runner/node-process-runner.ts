import { spawn } from "node:child_process";
import type { ProcessOptions, ProcessResult, ProcessRunner } from "../../core/ports/process-runner.ts";

const DEFAULT_MAX_OUTPUT = 10 * 1024 * 1024;
/** After SIGTERM, how long a process group gets before SIGKILL. */
const KILL_GRACE_MS = 2_000;

/**
 * Runs commands with `bash -c` in their own process group, so a timeout or an interrupt
 * stops the command and everything it started (pipelines, background children).
 * stdin is closed: a command waiting for input gets EOF instead of hanging.
 */
export class NodeProcessRunner implements ProcessRunner {
  readonly #shell: string;

  constructor(shell = "bash") {
    this.#shell = shell;
  }

  run(command: string, options: ProcessOptions): Promise<ProcessResult> {
    const started = Date.now();
    const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    return new Promise((resolve, reject) => {
      if (options.signal.aborted) return reject(options.signal.reason);
      const child = spawn(this.#shell, ["-c", command], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const out = collector("stdout", max, options.onLine);
      const err = collector("stderr", max, options.onLine);
      child.stdout.on("data", out.push);
      child.stderr.on("data", err.push);
      let timedOut = false;
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      const killGroup = () => {
        signalGroup(child.pid, "SIGTERM");
        killTimer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
        killTimer.unref();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, options.timeoutMs);
      const onAbort = () => killGroup();
      options.signal.addEventListener("abort", onAbort, { once: true });
      child.on("error", (error) => {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        reject(error);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        options.signal.removeEventListener("abort", onAbort);
        out.flush();
        err.flush();
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
      if (kept < max) {
        const room = max - kept;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        kept += Math.min(chunk.length, room);
      }
      if (chunk.length > 0 && kept >= max) dropped = dropped || kept + chunk.length > max;
      if (!onLine) return;
      partial += decoder.decode(chunk, { stream: true });
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine(line.replace(/\r$/, ""), stream);
    },
    flush: () => {
      if (onLine && partial !== "") onLine(partial, stream);
      partial = "";
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
    truncated: () => dropped,
  };
}
