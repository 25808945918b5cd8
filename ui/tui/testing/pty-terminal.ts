/**
 * Test-only: a real process in a pseudo terminal (@lydell/node-pty ships prebuilt binaries and
 * works with Node and Deno children), its output fed into @xterm/headless to read the screen.
 */
import pty from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { pollScreen, screenText, type ScreenPredicate } from "./virtual-terminal.ts";

export class PtyTerminal {
  readonly term: xterm.Terminal;
  readonly pid: number;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number>;
  readonly #pty: pty.IPty;
  #pending = 0;
  #done = false;
  /** Checked after every write lands in the terminal, for exact timings (see `timeUntil`). */
  #watchers: { test: (text: string) => boolean; resolve: () => void }[] = [];

  constructor(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; cols: number; rows: number }) {
    this.term = new xterm.Terminal({ cols: options.cols, rows: options.rows, allowProposedApi: true });
    this.#pty = pty.spawn(command, [...args], { name: options.env["TERM"] ?? "xterm-256color", cols: options.cols, rows: options.rows, cwd: options.cwd, env: options.env });
    this.pid = this.#pty.pid;
    this.#pty.onData((data) => {
      this.#pending++;
      this.term.write(data, () => {
        this.#pending--;
        if (this.#watchers.length > 0) {
          const text = screenText(this.term);
          this.#watchers = this.#watchers.filter((w) => !(w.test(text) && (w.resolve(), true)));
        }
      });
    });
    this.exited = new Promise((resolve) => this.#pty.onExit(({ exitCode }) => {
      this.#done = true;
      resolve(exitCode);
    }));
  }

  type(keys: string): void {
    this.#pty.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.#pty.resize(cols, rows);
  }

  text(): string {
    return screenText(this.term);
  }

  get isAlternateScreen(): boolean {
    return this.term.buffer.active.type === "alternate";
  }

  waitFor(predicate: ScreenPredicate, timeoutMs = 15_000): Promise<string> {
    return pollScreen(() => (this.#pending === 0 ? this.text() : null), predicate, timeoutMs);
  }

  /** Milliseconds from `since` (performance.now()) until the screen satisfies `test`, checked on every write. */
  timeUntil(test: (text: string) => boolean, since: number, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`screen never matched within ${timeoutMs} ms:\n${this.text()}`)), timeoutMs);
      this.#watchers.push({ test, resolve: () => {
        clearTimeout(timer);
        resolve(performance.now() - since);
      } });
    });
  }

  kill(signal = "SIGKILL"): void {
    if (!this.#done) this.#pty.kill(signal);
  }

  dispose(): void {
    this.kill();
    this.term.dispose();
  }
}
