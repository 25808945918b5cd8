import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { SessionUsage } from "../../core/domain/usage.ts";
import { counted } from "../../core/domain/format.ts";

/** The slash commands `ursa -p` acts on instead of sending them to the model. */
export const HEADLESS_COMMANDS = {
  compact: "summarise the session's older history now (with --resume or --continue)",
  cost: "tokens and cost of the session, by agent",
  help: "these commands",
} as const;

export type HeadlessCommand = keyof typeof HEADLESS_COMMANDS;

/** The commands that never call the model: they run without a provider key. */
const WITHOUT_MODEL: ReadonlySet<HeadlessCommand> = new Set(["cost", "help"]);

/** Whether a prompt is a slash command that needs no model (so no provider key). */
export function needsNoModel(prompt: string): boolean {
  const command = parseHeadlessCommand(prompt);
  return command !== null && WITHOUT_MODEL.has(command);
}

/** `/cost` and the like; null for anything else (including paths such as `/usr/bin/env …`). */
export function parseHeadlessCommand(prompt: string): HeadlessCommand | null {
  const m = /^\/([a-z]+)\s*$/i.exec(prompt.trim());
  const name = m?.[1]?.toLowerCase();
  return name !== undefined && name in HEADLESS_COMMANDS ? (name as HeadlessCommand) : null;
}

/** `/help`: needs no session. */
export function headlessHelp(): string {
  return [
    "Slash commands in ursa -p:",
    ...Object.entries(HEADLESS_COMMANDS).map(([name, help]) => `  /${name.padEnd(8)} ${help}`),
    "Anything else is sent to the model. ursa --help lists the flags.",
  ].join("\n");
}

/** Runs a command on the session and returns what it has to say (the run's `result`). */
export async function runHeadlessCommand(command: Exclude<HeadlessCommand, "help">, session: SessionHandle): Promise<string> {
  switch (command) {
    case "cost": {
      const [total, byAgent] = await Promise.all([session.usage(), session.usageByAgent()]);
      return [costLine("session", total), ...byAgent.map((a) => costLine(a.agentName, a.usage))].join("\n");
    }
    case "compact": {
      const outcome = await session.compact();
      return outcome.kind === "compacted"
        ? `Compacted: ${counted(outcome.archived, "message")} archived into a summary, ${outcome.preserved} kept.`
        : `Nothing to compact: ${outcome.message}.`;
    }
  }
}

function costLine(name: string, u: SessionUsage): string {
  const cost = u.apiCalls > u.unpricedCalls ? `$${u.costUsd.toFixed(4)}` : "no price";
  return `${name.padEnd(10)} ${counted(u.apiCalls, "call")} · ${u.promptTokens} in · ${u.completionTokens} out · ${u.cacheReadTokens} cache read · ${u.cacheCreationTokens} cache write · ${cost}${u.unpricedCalls ? ` (${counted(u.unpricedCalls, "call")} without a price)` : ""}`;
}
