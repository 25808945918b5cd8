import { format } from "node:util";
import type { Logger } from "../../core/ports/logger.ts";

/**
 * While the dashboard owns the terminal nothing else may write to it: console output, stray
 * stderr writes and runtime warnings (an SDK's deprecation notice) go to the log instead.
 * Returns the function that puts everything back.
 */
export function guardConsole(log: Logger, stderr: NodeJS.WriteStream = process.stderr): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error, write: stderr.write };
  const to = (level: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => log[level](`console: ${format(...args)}`);
  console.log = to("info");
  console.info = to("info");
  console.debug = to("debug");
  console.warn = to("warn");
  console.error = to("error");
  stderr.write = ((chunk: string | Uint8Array) => {
    log.warn(`stderr: ${typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")}`);
    return true;
  }) as typeof stderr.write;
  const warningListeners = process.listeners("warning");
  process.removeAllListeners("warning");
  const onWarning = (warning: Error): void => log.warn(`runtime warning: ${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  return () => {
    Object.assign(console, { log: saved.log, info: saved.info, debug: saved.debug, warn: saved.warn, error: saved.error });
    stderr.write = saved.write;
    process.off("warning", onWarning);
    for (const l of warningListeners) process.on("warning", l);
  };
}

/**
 * Restores the terminal however the process ends: a crash (the error goes to the log and, once
 * the screen is gone, to stderr), SIGTERM, SIGHUP or SIGINT. `restore` must be idempotent.
 * After a signal, `beforeExit` (stopping the turns, ending the leases) gets BEFORE_EXIT_MS at most.
 */
/** Stopping the turns (half a second) and the lease push (a second, sync-scheduler.ts), with some slack. */
const BEFORE_EXIT_MS = 2_000;

export function guardProcess(log: Logger, restore: () => void, beforeExit: () => Promise<void>): () => void {
  const crash = (error: unknown): void => {
    log.error("dashboard crashed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    restore();
    process.stderr.write(`ursa: ${error instanceof Error ? error.message : String(error)} (details in the log)\n`);
    process.exit(1);
  };
  const signal = (name: NodeJS.Signals, code: number) => (): void => {
    log.info(`dashboard stopped by ${name}`);
    void Promise.race([beforeExit(), new Promise((r) => setTimeout(r, BEFORE_EXIT_MS))]).finally(() => {
      restore();
      process.exit(code);
    });
  };
  const handlers: [string, (arg: unknown) => void][] = [
    ["uncaughtException", crash],
    ["unhandledRejection", (reason: unknown) => log.error("unhandled rejection", { reason: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) })],
    ["SIGTERM", signal("SIGTERM", 143)],
    ["SIGHUP", signal("SIGHUP", 129)],
    ["SIGINT", signal("SIGINT", 130)],
  ];
  for (const [name, h] of handlers) process.on(name as "warning", h);
  return () => {
    for (const [name, h] of handlers) process.off(name as "warning", h);
  };
}
