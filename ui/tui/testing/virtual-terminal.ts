/**
 * Test-only: a terminal in memory. blessed writes to a PassThrough that feeds @xterm/headless,
 * keys are written to a PassThrough blessed reads. Nothing here is imported by the product.
 */
import { PassThrough } from "node:stream";
import xterm from "@xterm/headless";

export interface TtyStreams {
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

export class VirtualTerminal {
  readonly term: xterm.Terminal;
  readonly streams: TtyStreams;
  readonly #input: PassThrough;
  readonly #output: PassThrough;
  #pending = 0;

  constructor(cols: number, rows: number) {
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    this.#input = tty(new PassThrough(), cols, rows);
    this.#output = tty(new PassThrough(), cols, rows);
    this.#output.on("data", (chunk: Buffer) => {
      this.#pending++;
      this.term.write(chunk.toString("utf8"), () => this.#pending--);
    });
    this.streams = { input: this.#input as unknown as NodeJS.ReadStream, output: this.#output as unknown as NodeJS.WriteStream };
  }

  /** Types keys (raw bytes: "\r" is Enter, "\x1b" Escape, "\t" Tab). */
  type(keys: string): void {
    this.#input.write(keys);
  }

  resize(cols: number, rows: number): void {
    Object.assign(this.#output, { columns: cols, rows });
    Object.assign(this.#input, { columns: cols, rows });
    this.term.resize(cols, rows);
    this.#output.emit("resize");
  }

  text(): string {
    return screenText(this.term);
  }

  get isAlternateScreen(): boolean {
    return this.term.buffer.active.type === "alternate";
  }

  /** Polls the screen until `predicate` holds; throws with the screen after `timeoutMs`. */
  waitFor(predicate: ScreenPredicate, timeoutMs = 5_000): Promise<string> {
    return pollScreen(() => (this.#pending === 0 ? this.text() : null), predicate, timeoutMs);
  }

  dispose(): void {
    this.#input.end();
    this.#output.end();
    this.term.dispose();
  }
}

export type ScreenPredicate = string | RegExp | ((text: string) => boolean);

/** Polls `read` (null: not settled yet) every 10 ms until `predicate` holds. */
export async function pollScreen(read: () => string | null, predicate: ScreenPredicate, timeoutMs: number): Promise<string> {
  const test = typeof predicate === "function" ? predicate : (t: string) => (typeof predicate === "string" ? t.includes(predicate) : predicate.test(t));
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    await new Promise((r) => setTimeout(r, 10));
    const text = read();
    if (text !== null) {
      last = text;
      if (test(text)) return text;
    }
    if (Date.now() > deadline) throw new Error(`screen never matched ${String(predicate)}:\n${last}`);
  }
}

/** The visible rows of an xterm, trailing blanks trimmed. */
export function screenText(term: xterm.Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
  return lines.join("\n");
}

function tty(stream: PassThrough, cols: number, rows: number): PassThrough {
  return Object.assign(stream, { isTTY: true, columns: cols, rows, isRaw: false, setRawMode(this: { isRaw: boolean }, raw: boolean) { this.isRaw = raw; return this; } });
}
