import type { Interruption } from "../../core/domain/session-info.ts";

const PREVIEW_CHARS = 80;

/** One row of a history's tail, for classifyInterruption. */
export interface TailRow {
  readonly role: string;
  readonly content: string | null;
  /** An assistant row's calls, as stored (JSON), or null. */
  readonly toolCalls: string | null;
  readonly toolCallId: string | null;
}

/**
 * Classifies the last row that would reach the model (system rows and unfinished replies already
 * skipped): an unanswered prompt or an unprocessed tool result; anything else was answered.
 * An unfinished reply is skipped because it never enters the context: the model sees the turn as
 * ending on the prompt (or tool result) before it.
 */
/**
 * `tail` is the history's end in order, from the last assistant reply with tool calls (or
 * further back) on. A call of that reply with no result row is a dangling call: Ursa died while
 * it ran, and nobody knows whether it did its work.
 */
export function classifyInterruption(tail: readonly TailRow[]): Interruption | null {
  const last = tail.at(-1);
  if (last?.role === "user") return { kind: "prompt", preview: promptPreview(last.content ?? "") };
  const dangling = danglingCalls(tail);
  if (dangling.length > 0) return { kind: "tool_call", calls: dangling };
  if (last?.role === "tool") return { kind: "tool" };
  return null;
}

function danglingCalls(tail: readonly TailRow[]): { name: string; detail: string }[] {
  const index = tail.findLastIndex((row) => row.role === "assistant" && row.toolCalls !== null);
  if (index < 0) return [];
  const answered = new Set(tail.slice(index + 1).flatMap((row) => (row.role === "tool" && row.toolCallId ? [row.toolCallId] : [])));
  let calls: { id: string; name: string; arguments: string }[];
  try {
    calls = JSON.parse(tail[index]!.toolCalls!) as typeof calls;
  } catch {
    return [];
  }
  return calls.filter((call) => !answered.has(call.id)).map((call) => ({ name: call.name, detail: callDetail(call.arguments) }));
}

/** The argument that says what a call did (its command, file or URL), on one short line. */
function callDetail(args: string): string {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(args) as Record<string, unknown>;
  } catch {
    return "";
  }
  const primary = input["command"] ?? input["file_path"] ?? input["path"] ?? input["pattern"] ?? input["url"] ?? input["description"];
  return typeof primary === "string" ? promptPreview(primary) : "";
}

/** The first 80 characters of the prompt on one line, for the resume banner. */
export function promptPreview(prompt: string): string {
  const oneLine = prompt.replace(/\s+/g, " ").trim();
  // Array.from splits by code point, so an emoji at the cut is never halved.
  return Array.from(oneLine).slice(0, PREVIEW_CHARS).join("");
}
