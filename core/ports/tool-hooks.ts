import type { ToolResult } from "./tool.ts";

/** A tool call as hooks see it. */
export interface HookedCall {
  readonly sessionId: string;
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * Decisions plugins take part in, awaited in registration order (unlike events, which only
 * report). `tool.before` runs after validation and before approval: it may block the call with
 * a reason the model reads, or replace its input (validated again). `tool.after` may replace
 * the result the model sees.
 */
export interface ToolHooks {
  "tool.before": (call: HookedCall) => void | { block: string } | { input: Record<string, unknown> } | Promise<void | { block: string } | { input: Record<string, unknown> }>;
  "tool.after": (call: HookedCall & { readonly result: ToolResult }) => void | { result: ToolResult } | Promise<void | { result: ToolResult }>;
}

export type HookName = keyof ToolHooks;
