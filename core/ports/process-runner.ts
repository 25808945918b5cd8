import { token, type Token } from "./token.ts";

export interface ProcessOptions {
  readonly cwd: string;
  /** Killed (with its process group) after this long. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Extra environment on top of the host's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called for each complete line as it is printed. */
  readonly onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Output kept per stream; beyond it the rest is counted but dropped. */
  readonly maxOutputBytes?: number;
}

export interface ProcessResult {
  /** Null when the process was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** True when output beyond maxOutputBytes was dropped. */
  readonly truncated: boolean;
  readonly durationMs: number;
}

/** Runs shell commands (`bash -c`), as the Bash tool and others need. */
export interface ProcessRunner {
  run(command: string, options: ProcessOptions): Promise<ProcessResult>;
}

export const PROCESS_RUNNER: Token<ProcessRunner> = token("process-runner");
