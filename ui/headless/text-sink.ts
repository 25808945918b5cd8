import type { EngineEvent } from "../../core/domain/engine-event.ts";
import { promptSize } from "../../core/domain/usage.ts";
import type { EventSink } from "../../core/ports/driving/event-stream.ts";
import { stripTerminalControls } from "../../core/domain/terminal-text.ts";
import type { Writer } from "./writer.ts";
import { counted } from "../../core/domain/format.ts";

const MAX_RESULT_LINES = 6;

/**
 * `--output-format text`: only the final answer on stdout, so `> answer.md` keeps just that;
 * narration before tool calls, progress (tools, warnings, usage) on stderr. A reply is held
 * until it is known to be the last one: text followed by a tool call was narration. Control
 * sequences in what the model or a tool wrote are removed from stderr's notes, and from stdout
 * when it is a terminal (piped, the answer is passed on as it is).
 */
export class TextSink implements EventSink {
  readonly #out: Writer;
  readonly #err: Writer;
  readonly #color: boolean;
  #reply = "";
  /** How often each running call printed each line as it came: its result leaves them out. */
  readonly #streamed = new Map<string, Map<string, number>>();

  constructor(out: Writer, err: Writer, options: { color: boolean }) {
    this.#out = out;
    this.#err = err;
    this.#color = options.color;
  }

  handle(event: EngineEvent): void {
    switch (event.type) {
      case "text_delta":
        this.#reply += event.text;
        return;
      case "text_done":
        return;
      case "thinking_started":
        return this.#note("dim", "💭 thinking…");
      case "tool_call_started":
        if (this.#reply.trim() !== "") this.#err.write(`${this.#reply.trimEnd()}\n`);
        this.#reply = "";
        return this.#note("cyan", `⚡ ${event.name} ${summarize(event.args)}`);
      case "tool_output_line":
        this.#countPrinted(event.id, event.line);
        // A program's stderr in red (with colour), else the same bar: the text says enough.
        return this.#note(event.isStderr ? "red" : "dim", `│ ${event.line}`);
      case "tool_call_finished": {
        // A command's lines were printed as they came: the result says what else it has (exit code, timeout).
        const lines = withoutPrinted(event.output.split("\n"), this.#streamed.get(event.id) ?? new Map());
        this.#streamed.delete(event.id);
        const shown = lines.slice(0, MAX_RESULT_LINES).map((l) => `│ ${l}`);
        if (lines.length > MAX_RESULT_LINES) shown.push(`│ … ${counted(lines.length - MAX_RESULT_LINES, "more line")}`);
        return this.#note(event.success ? "green" : "red", `${event.success ? "✓" : "✗"} ${event.name}\n${shown.join("\n")}`);
      }
      case "action_blocked":
        return this.#note("yellow", `⛔ blocked: ${event.detail}`);
      case "approval_requested":
        return this.#note("yellow", `? ${event.detail} needs approval (${event.effect})`);
      case "ask_user_requested":
        return this.#note("yellow", `? the agent asked: ${event.question}`);
      case "subagent_started":
        return this.#note("cyan", `🤖 sub-agent ${event.agentName}: ${event.description}`);
      case "subagent_finished":
        return this.#note(event.reason.kind === "complete" ? "dim" : "yellow", `🤖 sub-agent ${event.reason.kind === "complete" ? "done" : event.reason.kind}`);
      case "compacted":
        return this.#note("dim", `📦 compacted: ${counted(event.archived, "message")} archived, ${event.preserved} kept`);
      case "info":
        return this.#note("dim", event.message);
      case "warn":
        return this.#note("yellow", `⚠ ${event.message}`);
      case "error":
        return this.#note("red", `✗ ${event.message}`);
      case "usage_reported":
        return this.#note(
          "dim",
          `${promptSize(event.usage)} in · ${event.usage.completionTokens} out · ${(event.elapsedMs / 1000).toFixed(1)}s · ${event.tokensPerSecond} t/s · context ${event.context}`,
        );
      default:
        return;
    }
  }

  /** Prints the final answer (the reply no tool call followed) on stdout. */
  finish(): void {
    const reply = this.#out.isTTY ? stripTerminalControls(this.#reply) : this.#reply;
    if (reply !== "") this.#out.write(reply.endsWith("\n") ? reply : `${reply}\n`);
    this.#reply = "";
  }

  #countPrinted(callId: string, line: string): void {
    const counts = this.#streamed.get(callId) ?? new Map<string, number>();
    counts.set(line, (counts.get(line) ?? 0) + 1);
    this.#streamed.set(callId, counts);
  }

  #note(color: keyof typeof COLORS, text: string): void {
    const clean = stripTerminalControls(text);
    this.#err.write(this.#color ? `${COLORS[color]}${clean}\x1b[0m\n` : `${clean}\n`);
  }
}

/**
 * `lines` less as many occurrences of each line as were printed (a progress note is not in them),
 * and less the section labels (Bash's `stdout:`, `stderr (first 50 of 80 lines):`) that nothing
 * is left under.
 */
function withoutPrinted(lines: readonly string[], printed: ReadonlyMap<string, number>): string[] {
  if (printed.size === 0) return [...lines];
  const left = new Map(printed);
  const kept = lines.filter((line) => {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    return n === 0;
  });
  // Under a label: the section's own lines, not the next label or a bracketed note ("[The full output is kept…]").
  const endsSection = (line: string | undefined) => line === undefined || SECTION_LABEL.test(line) || /^\[.*\]$/.test(line);
  return kept.filter((line, i) => !SECTION_LABEL.test(line) || !endsSection(kept[i + 1]));
}

const SECTION_LABEL = /^(stdout|stderr)( \(.+\))?:$/;

const COLORS = { dim: "\x1b[2m", cyan: "\x1b[36m", green: "\x1b[32m", red: "\x1b[31m", yellow: "\x1b[33m" } as const;

function summarize(args: unknown): string {
  if (typeof args !== "object" || args === null) return String(args ?? "");
  const a = args as Record<string, unknown>;
  const primary = a["file_path"] ?? a["command"] ?? a["pattern"] ?? a["path"] ?? a["url"];
  if (typeof primary === "string") return primary;
  const json = JSON.stringify(args);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
