import type { Interruption } from "../../core/domain/session-info.ts";

const PREVIEW_CHARS = 80;

/**
 * Classifies the last row that would reach the model (system rows and unfinished replies already
 * skipped): an unanswered prompt or an unprocessed tool result; anything else was answered.
 * An unfinished reply is skipped because it never enters the context: the model sees the turn as
 * ending on the prompt (or tool result) before it.
 */
export function classifyInterruption(last: { role: string; content: string | null } | undefined): Interruption | null {
  if (last?.role === "user") return { kind: "prompt", preview: promptPreview(last.content ?? "") };
  if (last?.role === "tool") return { kind: "tool" };
  return null;
}

/** The first 80 characters of the prompt on one line, for the resume banner. */
export function promptPreview(prompt: string): string {
  const oneLine = prompt.replace(/\s+/g, " ").trim();
  // Array.from splits by code point, so an emoji at the cut is never halved.
  return Array.from(oneLine).slice(0, PREVIEW_CHARS).join("");
}
