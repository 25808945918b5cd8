import { token, type Token } from "./token.ts";

/** Diagnostics for the log file; never the terminal (the TUI owns it). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const LOGGER: Token<Logger> = token("logger");

export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };
