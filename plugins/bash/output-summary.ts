/** Builds what the model and the user see of a command's output. */

/** Output up to this many lines (and the tool-result size) is shown whole. */
const SHORT_OUTPUT_LINES = 60;
const STDERR_HEAD = 50;
const STDOUT_TAIL = 20;
/** Longer lines are cut in the summary and in the live view. */
const MAX_LINE_CHARS = 500;
/** The full output kept for RecallContext. */
export const FULL_OUTPUT_CHARS = 2 * 1024 * 1024;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const cut = (line: string) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [${line.length - MAX_LINE_CHARS} more characters]` : line);

/**
 * Counts a command's output lines as they arrive, streams the first `liveLimit` to the user,
 * and keeps the parts a summary needs (the first stderr lines, the last stdout lines) however
 * long the output grows.
 */
export class OutputTally {
  stdoutLines = 0;
  stderrLines = 0;
  readonly stderrHead: string[] = [];
  readonly stdoutTail: string[] = [];
  #streamed = 0;
  readonly #liveLimit: number;
  readonly #emit: (line: string, isStderr: boolean) => void;

  constructor(liveLimit: number, emit: (line: string, isStderr: boolean) => void) {
    this.#liveLimit = liveLimit;
    this.#emit = emit;
  }

  add(line: string, isStderr: boolean): void {
    if (isStderr) {
      this.stderrLines++;
      if (this.stderrHead.length < STDERR_HEAD) this.stderrHead.push(line);
    } else {
      this.stdoutLines++;
      this.stdoutTail.push(line);
      if (this.stdoutTail.length > STDOUT_TAIL) this.stdoutTail.shift();
    }
    if (this.#streamed < this.#liveLimit) {
      this.#streamed++;
      this.#emit(cut(line), isStderr);
    }
  }

  /** Tells the user how many lines the live view left out. */
  finish(): void {
    const hidden = this.stdoutLines + this.stderrLines - this.#streamed;
    if (hidden > 0) this.#emit(`[${plural(hidden, "more line")} not shown]`, false);
  }
}

export interface Outcome {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly timeoutSeconds: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the runner dropped output beyond what it keeps. */
  readonly truncated: boolean;
}

/** The model's view: a summary line, then the whole output when short, else the stderr head and stdout tail. */
export function summarize(outcome: Outcome, tally: OutputTally, maxChars: number): string {
  let summary = `Exit code: ${exitCode(outcome)} | stdout: ${plural(tally.stdoutLines, "line")} | stderr: ${plural(tally.stderrLines, "line")}`;
  if (outcome.timedOut) summary = `Command timed out after ${outcome.timeoutSeconds}s: ${cut(outcome.command)}\n${summary}`;
  const parts = [summary];
  const short =
    !outcome.truncated && tally.stdoutLines + tally.stderrLines <= SHORT_OUTPUT_LINES && outcome.stdout.length + outcome.stderr.length <= maxChars;
  if (short) {
    if (outcome.stdout !== "") parts.push(`stdout:\n${outcome.stdout.replace(/\n$/, "")}`);
    if (outcome.stderr !== "") parts.push(`stderr:\n${outcome.stderr.replace(/\n$/, "")}`);
  } else {
    if (tally.stderrLines > 0) parts.push(`stderr (${section("first", tally.stderrHead.length, tally.stderrLines)}):\n${tally.stderrHead.map(cut).join("\n")}`);
    if (tally.stdoutLines > 0) parts.push(`stdout (${section("last", tally.stdoutTail.length, tally.stdoutLines)}):\n${tally.stdoutTail.map(cut).join("\n")}`);
    parts.push("[The full output is kept: RecallContext can search it.]");
  }
  return fit(parts.join("\n"), maxChars);
}

/**
 * A command stopped at its timeout has no exit code of its own: one that exits (even 0) when
 * told to stop still did not finish, so only the kill is reported.
 */
function exitCode(outcome: Outcome): string | number {
  if (outcome.timedOut) return `none (killed ${outcome.signal === null ? "" : `by ${outcome.signal} `}after ${outcome.timeoutSeconds}s)`;
  return outcome.exitCode ?? `none (killed by ${outcome.signal ?? "a signal"})`;
}

function section(which: string, shown: number, total: number): string {
  return shown === total ? plural(total, "line") : `${which} ${shown} of ${total} lines`;
}

/** Cuts the middle out of text longer than `maxChars`: the summary and the last lines both matter. */
function fit(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters cut …]\n${text.slice(text.length - half)}`;
}

/** Everything the command printed, stdout then stderr, labelled, at most FULL_OUTPUT_CHARS. */
export function fullOutput(outcome: Outcome): string | undefined {
  const parts: string[] = [];
  if (outcome.stdout !== "") parts.push(`stdout:\n${outcome.stdout}`);
  if (outcome.stderr !== "") parts.push(`stderr:\n${outcome.stderr}`);
  if (parts.length === 0) return undefined;
  const text = parts.join("\n");
  const lost = outcome.truncated || text.length > FULL_OUTPUT_CHARS;
  return lost ? `${text.slice(0, FULL_OUTPUT_CHARS)}\n[output beyond ${FULL_OUTPUT_CHARS / (1024 * 1024)} MB was not kept]` : text;
}
