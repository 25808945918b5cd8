import type { CompactOutcome } from "../../domain/compact-outcome.ts";
import type { EngineCommand } from "../../domain/engine-command.ts";
import type { TodoItem, TurnEndReason } from "../../domain/engine-event.ts";
import type { FileChange, FileDiff, UndoResult } from "../../domain/file-change.ts";
import type { TodoEdit } from "../../domain/todo-edit.ts";
import type { StoredMessage } from "../../domain/message.ts";
import type { ModelSettings } from "../../domain/model-settings.ts";
import type { TrustMode } from "../../domain/trust-mode.ts";
import type { TurnLimits } from "../../domain/turn-limits.ts";
import type { SessionUsage, TurnUsage } from "../../domain/usage.ts";
import type { Interaction } from "../interaction.ts";
import type { PermissionRule } from "../../domain/permission-rules.ts";
import type { ImageData } from "../llm-provider.ts";

/** One conversation, as a driving adapter (TUI, headless) works it. */
export interface SessionHandle {
  readonly id: string;
  readonly mode: TrustMode;
  readonly settings: ModelSettings;
  readonly providerName: string;
  readonly isRunning: boolean;
  setMode(mode: TrustMode): Promise<void>;
  /** Switches provider and/or model for the next request; remembered for resume. */
  switchModel(choice: { provider?: string; model?: string }, signal?: AbortSignal): Promise<void>;
  /** Stores the text and runs a turn; while a turn runs, queues it for the next request. */
  prompt(text: string, options?: { images?: readonly ImageData[]; limits?: TurnLimits }): Promise<TurnEndReason>;
  /** Runs a turn on the history as stored (after the user said "continue"). */
  runTurn(options?: { images?: readonly ImageData[]; limits?: TurnLimits }): Promise<TurnEndReason>;
  send(command: EngineCommand): void;
  /**
   * Who decides when this session must ask (approve, question, loop cap): the dashboard or a
   * headless run hand theirs in; null goes back to answers sent as commands. A sub-agent's
   * session answers its own ("nobody is there") while it works for its parent.
   */
  setInteraction(interaction: Interaction | null): void;
  /**
   * "Always allow" for the rest of this session: calls matching the rule (Claude Code syntax:
   * `Bash(npm test:*)`, `Write`) run without asking. Throws a RangeError for a malformed rule.
   */
  allowForSession(rule: string): PermissionRule;
  /** The rules given with allowForSession, oldest first. */
  sessionRules(): readonly PermissionRule[];
  /** Takes a session rule back; false when there was none with that text. */
  removeSessionRule(text: string): boolean;
  interrupt(): void;
  compact(signal?: AbortSignal): Promise<CompactOutcome>;
  /** A page of the stored conversation older than `beforeId` (newest page when null), oldest first. */
  history(beforeId: string | null, limit: number): Promise<StoredMessage[]>;
  /** The totals of the turns that ended on these messages (history ids), as `usage_reported` said them. */
  turnUsages(messageIds: readonly string[]): Promise<ReadonlyMap<string, TurnUsage>>;
  /** Token and cost totals so far. */
  usage(): Promise<SessionUsage>;
  /** The same, per agent ("main" is the session's own; sub-agents by name). */
  usageByAgent(): Promise<{ agentName: string; usage: SessionUsage }[]>;
  todos(): Promise<TodoItem[]>;
  /** The user ticks, adds, edits or removes a todo; the model hears of it with the next prompt. */
  editTodos(edit: TodoEdit): Promise<TodoItem[]>;
  /** Files the session's agent created, modified or deleted, oldest first. */
  fileChanges(): Promise<FileChange[]>;
  /** One file before and after one turn: the content before the turn's first change, and after its last. */
  fileDiff(change: { turnId: string; path: string }): Promise<FileDiff>;
  /** Whether a turn is left for undoLastTurn: one that changed files, or only created directories. */
  hasUndoableTurn(): Promise<boolean>;
  /** Puts back the files the newest not-yet-undone turn changed. Refused while a turn runs. */
  undoLastTurn(): Promise<UndoResult>;
}
