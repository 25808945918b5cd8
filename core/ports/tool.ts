import type { DiffPreview, TodoDiff, TodoItem, TurnEndReason } from "../domain/engine-event.ts";
import type { StoredMessage } from "../domain/message.ts";
import type { JsonSchema } from "../domain/json-schema.ts";
import type { ToolEffect } from "../domain/tool-effect.ts";
import type { OutputCaps } from "../domain/output-caps.ts";

/** What a tool hands back: `output` goes to the model; `fullOutput`, when given, is kept for RecallContext. */
export interface ToolResult {
  readonly output: string;
  readonly success: boolean;
  readonly fullOutput?: string;
}

/** Per-call context the engine gives a tool. */
export interface ToolContext {
  readonly sessionId: string;
  readonly projectRoot: string;
  /** The absolute path for a path the model wrote: relative to the project root, `~/…` in the home directory. */
  resolvePath(path: string): string;
  /** Fires when the turn is interrupted; long-running tools must stop. */
  readonly signal: AbortSignal;
  /** Output limits scaled to the model's context window. */
  readonly caps: OutputCaps;
  /** Streams one line of live output to the sinks (shown while the tool runs). */
  emitOutputLine(line: string, isStderr: boolean): void;
  /** Asks the user and waits; resolves to "" when skipped or when nobody can answer. */
  askUser(question: string, options: readonly string[]): Promise<string>;
  /** The session's todo list. */
  readonly todos: TodoAccess;
  /** What the session's tools did to files: reads (for staleness checks), writes, ownership. */
  readonly files: FileLedger;
  /** The session's stored history, archived rows included (RecallContext). */
  readonly history: { all(): Promise<StoredMessage[]> };
  /**
   * Runs a sub-agent: a child session on the same agent, with the parent's trust mode but nobody
   * to ask (what would ask is blocked; in auto mode changes inside the project run), and
   * resolves to its final answer. Absent inside a sub-agent: sub-agents do not start sub-agents.
   */
  readonly spawnAgent?: (input: { name: string; description: string; prompt: string }) => Promise<{ sessionId: string; answer: string; outcome: TurnEndReason }>;
}

export interface TodoAccess {
  read(): Promise<TodoItem[]>;
  /** Replaces the list; `changed` is false (and nothing is stored or announced) when it is identical. */
  write(items: readonly TodoItem[]): Promise<{ changed: boolean; diff: TodoDiff }>;
}

/** Per-session facts about files, shared by all tools of the session (a plugin cannot see another's state). */
export interface FileLedger {
  /** Records that the model has seen this content of the file (a digest of the text as read). */
  noteRead(path: string, digest: string): void;
  lastRead(path: string): { readonly digest: string; readonly at: number } | undefined;
  /** The last tool of this session that changed the file, and when. */
  lastWriter(path: string): { readonly tool: string; readonly at: number } | undefined;
  /** True when this session's agent created the file and has not deleted it since. */
  isOwned(path: string): boolean;
}

/** See `Tool.reach`. */
export interface ToolReach {
  /** Every path the call names, read or written (absolute, `~/…` or relative to the project root): the call is refused when one is inside Ursa's data directory. */
  readonly named: readonly string[];
  /** True when it writes or works somewhere only run time knows (`echo > "$(…)"`): counted as outside the project. */
  readonly unknownPlaces: boolean;
}

/**
 * A tool the model can call. Built-in tools and third-party plugin tools implement the same shape;
 * MCP tools are adapted to it.
 */
export interface Tool<Input = Record<string, unknown>> {
  /** Canonical PascalCase name, the public contract ("Read"). */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input object; input is validated against it before approval. */
  readonly parameters: JsonSchema;
  /**
   * Other names models call this tool by (`read_file`, `cat`), compared after lower-casing and
   * dropping `_`, `-` and spaces. A name already taken by a tool or an earlier alias is ignored.
   */
  readonly aliases?: readonly string[];
  /**
   * True when calling the tool again fetches its output again (a read, a search, a page): old
   * results may then be cleared from the context after an idle pause (microcompact). Results
   * of changes and decisions are always kept.
   */
  readonly rerunnable?: boolean;
  /** The call in one line, for approvals and notices ("Bash npm test"); default: the name and the input as JSON. */
  describe?(input: Input): string;
  /** What this call does to the world; the trust matrix decides on it. Async for a tool that must first load a parser. */
  classify(input: Input): ToolEffect | Promise<ToolEffect>;
  /** Paths this call would touch (absolute or relative to the project root): checked against the project boundary, captured for undo. */
  paths?(input: Input): readonly string[] | Promise<readonly string[]>;
  /** What a call reaches beyond `paths`, for a tool that cannot list everything it touches (a shell command). */
  reach?(input: Input): Promise<ToolReach>;
  /**
   * True for tools that may change files they cannot name in advance (a shell command): the
   * engine compares the project's files before and after a mutating call to track them.
   * Tools without `paths` are treated this way too.
   */
  readonly changesUndeclaredFiles?: boolean;
  /**
   * Checks that need the file system (the file exists, the edit applies, nothing changed since
   * it was read), run before approval is asked: the user is never asked to approve a call that
   * would fail. Returns the error the model should see, or null.
   */
  validate?(input: Input, ctx: ToolContext): Promise<string | null>;
  /** A preview of the change, shown before approval and on a blocked action. */
  preview?(input: Input, ctx: ToolContext): Promise<DiffPreview | null>;
  execute(input: Input, ctx: ToolContext): Promise<ToolResult>;
}
