import type { DiffPreview } from "../domain/engine-event.ts";
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
  /** Fires when the turn is interrupted; long-running tools must stop. */
  readonly signal: AbortSignal;
  /** Output limits scaled to the model's context window. */
  readonly caps: OutputCaps;
  /** Streams one line of live output to the sinks (shown while the tool runs). */
  emitOutputLine(line: string, isStderr: boolean): void;
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
  /** What this call does to the world; the trust matrix decides on it. */
  classify(input: Input): ToolEffect;
  /** Paths this call would touch (absolute or relative to the project root). */
  paths?(input: Input): readonly string[];
  /** A preview of the change, shown before approval and on a blocked action. */
  preview?(input: Input, ctx: ToolContext): Promise<DiffPreview | null>;
  execute(input: Input, ctx: ToolContext): Promise<ToolResult>;
}
