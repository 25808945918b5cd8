import { reachesModel } from "./context-pruning.ts";
import type { StoredMessage, ToolCall } from "./message.ts";
import type { Interruption } from "./session-info.ts";

const PREVIEW_CHARS = 80;

/** The fields of a stored row these rules read. */
export type HistoryRow = Pick<StoredMessage, "role" | "content" | "toolCalls" | "toolCallId" | "compactedAt" | "completedAt">;

/**
 * How a session's last turn was left unanswered, from its history in (sortKey, id) order. A store
 * may pass only the rows from the last reply that reaches the model on (the last row when no reply
 * does); never a fixed number of last rows: a reply may have any number of results after it.
 * Looks at what the model would see, system rows skipped: an unfinished reply never enters the
 * context, so the turn counts as ending on the prompt (or tool result) before it.
 * - the last row a prompt: it was never answered;
 * - a call of the last reply that has no result row: Ursa died while it ran,
 *   and nobody knows whether it did its work;
 * - the last row a tool result: it was never processed.
 */
export function detectInterruption(rows: readonly HistoryRow[]): Interruption | null {
  const tail = rows.filter((row) => reachesModel(row) && row.role !== "system");
  const last = tail.at(-1);
  if (last?.role === "user") return { kind: "prompt", preview: promptPreview(last.content ?? "") };
  const dangling = danglingCalls(tail);
  if (dangling.length > 0) return { kind: "tool_call", calls: dangling.map((call) => ({ name: call.name, detail: callDetail(call.arguments) })) };
  if (last?.role === "tool") return { kind: "tool" };
  return null;
}

/**
 * True when the last reply that reaches the model asked for tools some of which have no result
 * after it yet (compaction waits for them). `rows` in order, at least from that reply on.
 */
export function hasPendingToolCalls(rows: readonly HistoryRow[]): boolean {
  const index = rows.findLastIndex((row) => row.role === "assistant" && reachesModel(row));
  if (index < 0) return false;
  return unanswered(rows[index]!.toolCalls, rows.slice(index + 1)).length > 0;
}

function danglingCalls(tail: readonly HistoryRow[]): ToolCall[] {
  // Only the last reply counts: a later answer (a turn that completed) settles earlier calls.
  const index = tail.findLastIndex((row) => row.role === "assistant");
  return index < 0 ? [] : unanswered(tail[index]!.toolCalls, tail.slice(index + 1));
}

/** The calls with no active result among `later`. */
function unanswered(calls: readonly ToolCall[], later: readonly HistoryRow[]): ToolCall[] {
  const answered = new Set(later.flatMap((row) => (row.role === "tool" && row.toolCallId !== null && row.compactedAt === null ? [row.toolCallId] : [])));
  return calls.filter((call) => !answered.has(call.id));
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
