import type { FileChange, UndoResult } from "./file-change.ts";
import type { ToolEffect } from "./tool-effect.ts";
import type { TokenUsage } from "./usage.ts";
import type { TrustMode } from "./trust-mode.ts";
import type { TurnLimitKind } from "./turn-limits.ts";

/**
 * Everything the engine tells its sinks, as facts (what happened), one union tagged by `type`.
 * Every event names its session so one bus can carry many concurrent sessions.
 * The union is open for growth: sinks must ignore types they do not know.
 * docs/events.md is the reference, with the koda name of each event.
 */
export type EngineEvent = { readonly sessionId: string } & EngineEventBody;

export type TurnEndReason =
  | { readonly kind: "complete" }
  | { readonly kind: "cancelled" }
  | { readonly kind: "error"; readonly message: string };

/** A preview of a file mutation, shown before it is approved. */
export type DiffPreview =
  | { readonly kind: "write_new"; readonly path: string; readonly lineCount: number; readonly byteCount: number; readonly firstLines: readonly string[]; readonly truncated: boolean }
  | { readonly kind: "write_overwrite"; readonly path: string; readonly diff: string; readonly truncated: boolean }
  | { readonly kind: "edit"; readonly path: string; readonly diff: string; readonly truncated: boolean }
  | { readonly kind: "delete"; readonly path: string; readonly lineCount: number; readonly byteCount: number }
  | { readonly kind: "delete_dir"; readonly path: string; readonly files: number; readonly directories: number };

export type EngineEventBody =
  | { readonly type: "turn_started"; readonly turnId: string }
  | { readonly type: "turn_ended"; readonly turnId: string; readonly reason: TurnEndReason }
  | { readonly type: "response_started" }
  | { readonly type: "text_delta"; readonly text: string }
  | { readonly type: "text_done" }
  | { readonly type: "thinking_started" }
  | { readonly type: "thinking_delta"; readonly text: string }
  | { readonly type: "thinking_done" }
  | { readonly type: "tool_call_started"; readonly id: string; readonly name: string; readonly args: unknown; readonly isSubAgent: boolean }
  | { readonly type: "tool_output_line"; readonly id: string; readonly line: string; readonly isStderr: boolean }
  | { readonly type: "tool_call_finished"; readonly id: string; readonly name: string; readonly output: string; readonly success: boolean }
  | { readonly type: "model_call_finished"; readonly provider: string; readonly model: string; readonly usage: TokenUsage; readonly costUsd: number | null; readonly elapsedMs: number; readonly retries: number }
  | { readonly type: "approval_requested"; readonly id: string; readonly callId: string; readonly toolName: string; readonly detail: string; readonly effect: ToolEffect; readonly preview: DiffPreview | null }
  | { readonly type: "ask_user_requested"; readonly id: string; readonly question: string; readonly options: readonly string[] }
  | { readonly type: "action_blocked"; readonly callId: string; readonly toolName: string; readonly detail: string; readonly reason: string; readonly preview: DiffPreview | null }
  | { readonly type: "todo_updated"; readonly items: readonly TodoItem[]; readonly diff: TodoDiff }
  | { readonly type: "file_changed"; readonly change: FileChange }
  | { readonly type: "files_undone"; readonly result: UndoResult }
  | { readonly type: "context_usage"; readonly used: number; readonly max: number }
  | { readonly type: "status_changed"; readonly provider: string; readonly model: string; readonly mode: TrustMode; /** Share of the context window in use, 0..1. */ readonly contextPct: number }
  | { readonly type: "usage_reported"; readonly usage: TokenUsage; readonly costUsd: number | null; readonly totalChars: number; readonly elapsedMs: number; readonly tokensPerSecond: number; readonly context: string }
  | { readonly type: "loop_cap_reached"; readonly cap: number; readonly recentTools: readonly string[] }
  | { readonly type: "turn_limit_reached"; readonly limit: TurnLimitKind; readonly modelCalls: number; readonly costUsd: number | null }
  | { readonly type: "subagent_started"; readonly childSessionId: string; readonly agentName: string; readonly description: string }
  | { readonly type: "subagent_finished"; readonly childSessionId: string; readonly reason: TurnEndReason }
  | { readonly type: "compacted"; readonly archived: number; readonly preserved: number; readonly trigger: "manual" | "auto" | "overflow" }
  /** The turn failed (the provider refused it, a limit stopped it): why, in a few words ("401 unauthorized"); just before `usage_reported`. */
  | { readonly type: "turn_failed"; readonly reason: string }
  /** The turn was told to stop where the engine asked whether to go on (the loop cap): `reason` in a few words, "loop cap"; just before `usage_reported`. */
  | { readonly type: "turn_stopped"; readonly reason: string }
  /** These texts sent with `queue_next` were stored as the next user message: the next request takes them (oldest first). */
  | { readonly type: "queued_sent"; readonly texts: readonly string[] }
  /** An interrupt dropped these texts sent with `queue_next` before any request took them (oldest first). */
  | { readonly type: "queued_dropped"; readonly texts: readonly string[] }
  | { readonly type: "info"; readonly message: string }
  | { readonly type: "warn"; readonly message: string }
  | { readonly type: "error"; readonly message: string };

export type EngineEventType = EngineEventBody["type"];
export type EventOf<K extends EngineEventType> = Extract<EngineEvent, { type: K }>;

export const TODO_STATUSES = ["pending", "in_progress", "completed"] as const;
export const TODO_PRIORITIES = ["high", "medium", "low"] as const;
export interface TodoItem {
  readonly content: string;
  readonly status: (typeof TODO_STATUSES)[number];
  readonly priority: (typeof TODO_PRIORITIES)[number];
}
export interface TodoDiff {
  readonly added: readonly TodoItem[];
  readonly removed: readonly TodoItem[];
  readonly changed: readonly { readonly before: TodoItem; readonly after: TodoItem }[];
}
