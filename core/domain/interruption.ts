import type { Interruption } from "./session-info.ts";

/** koda's banner for a session whose last turn was left unanswered (the dashboard and `ursa -p` show the same). */
export function describeInterruption(interruption: Interruption): string {
  const what =
    interruption.kind === "prompt"
      ? `your prompt was never answered: "${interruption.preview}"`
      : "a tool result was never processed";
  return `↻ Last turn was interrupted — ${what}\n  Type "continue" to resume, or start a new message.`;
}
