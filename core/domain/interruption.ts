import { stripTerminalControls } from "./terminal-text.ts";
import type { Interruption } from "./session-info.ts";

/** koda's banner for a session whose last turn was left unanswered (the dashboard and `ursa -p` show the same). */
export function describeInterruption(interruption: Interruption): string {
  if (interruption.kind === "failed") return `✗ Last turn failed — ${stripTerminalControls(interruption.reason)}\n  Type "continue" to try again, or start a new message.`;
  if (interruption.kind === "stopped") return `■ Last turn stopped — ${stripTerminalControls(interruption.reason)}\n  Type "continue" to go on, or start a new message.`;
  const what =
    interruption.kind === "prompt"
      ? `your prompt was never answered: "${interruption.preview}"`
      : interruption.kind === "tool_call"
        ? `it stopped while ${interruption.calls.map((c) => (c.detail ? `${c.name} "${c.detail}"` : c.name)).join(", ")} was running; whether that finished is unknown`
        : "a tool result was never processed";
  return `↻ Last turn was interrupted — ${stripTerminalControls(what)}\n  Type "continue" to resume, or start a new message.`;
}
