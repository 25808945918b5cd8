import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../../core/ports/logger.ts";

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Logs one JSON line per entry to a file under the data directory. Never writes to the
 * terminal: stdout belongs to the requested output and the screen to the TUI. Rotates once
 * at 5 MiB (ursa.log → ursa.log.1). Writes are synchronous so nothing is lost on a crash.
 */
export class FileLogger implements Logger {
  readonly #path: string;
  readonly #minLevel: number;
  readonly #mirror: ((line: string) => void) | undefined;
  #ready = false;

  /** `mirror`: also gets each entry as one line (`--verbose` sends them to stderr in headless runs). */
  constructor(path: string, level: "debug" | "info" | "warn" | "error" = "info", mirror?: (line: string) => void) {
    this.#path = path;
    this.#minLevel = LEVELS[level];
    this.#mirror = mirror;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#write("debug", message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#write("info", message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#write("warn", message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#write("error", message, fields);
  }

  #write(level: keyof typeof LEVELS, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.#minLevel) return;
    if (this.#mirror) {
      try {
        this.#mirror(`[ursa ${level}] ${message}${fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ""}\n`);
      } catch {
        // A closed stderr must not stop the run either.
      }
    }
    try {
      if (!this.#ready) {
        mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
        this.#ready = true;
      }
      const size = statSync(this.#path, { throwIfNoEntry: false })?.size ?? 0;
      if (size > MAX_BYTES) renameSync(this.#path, `${this.#path}.1`);
      appendFileSync(this.#path, `${JSON.stringify({ t: new Date().toISOString(), pid: process.pid, level, message, ...fields })}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the session down with it.
    }
  }
}

const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;
