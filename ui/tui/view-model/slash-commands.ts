import type { PaletteItem } from "./palette.ts";

export interface SlashCommand {
  readonly name: string;
  readonly args: string;
  readonly help: string;
  /** Why the command does nothing yet; undefined when it works. */
  readonly unavailable?: string;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: "help", args: "", help: "keys and commands" },
  { name: "new", args: "", help: "start a new session" },
  { name: "sessions", args: "[all]", help: "focus the sessions pane (all: every project)" },
  { name: "mode", args: "[plan|safe|auto]", help: "show or set the trust mode" },
  { name: "compact", args: "", help: "summarise older history now" },
  { name: "todos", args: "", help: "focus the todos pane" },
  { name: "files", args: "", help: "focus the files pane" },
  { name: "undo", args: "", help: "undo the last turn's file changes" },
  { name: "purge", args: "[days]", help: "delete archived history older than days (default 0)" },
  { name: "model", args: "[name]", help: "show or switch the session's model" },
  { name: "provider", args: "[name] [model]", help: "show or switch the session's provider" },
  { name: "cost", args: "", help: "tokens and cost of the session, by agent" },
  { name: "mcp", args: "[add|add-http|remove|reconnect|resources|attach|prompts|prompt]", help: "MCP servers: list, manage, attach resources and prompts" },
  { name: "local", args: "[off]", help: "keep this session off the sync server (off: share it again)" },
  { name: "takeover", args: "", help: "continue here a session running on another device" },
  { name: "exit", args: "", help: "quit Ursa" },
];

/** Parses `/name args`; null when the text is not a slash command. */
export function parseSlash(text: string): { command: SlashCommand | null; name: string; args: string } | null {
  const m = /^\/(\S*)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return { command: SLASH_COMMANDS.find((c) => c.name === name) ?? null, name, args: m[2]!.trim() };
}

/** The palette while a command name is being typed. */
export function slashSuggestions(text: string): PaletteItem[] {
  const m = /^\/(\S*)$/.exec(text);
  if (!m) return [];
  const prefix = m[1]!.toLowerCase();
  return SLASH_COMMANDS.filter((c) => c.name.startsWith(prefix)).map((c) => ({
    label: `/${c.name}${c.args ? ` ${c.args}` : ""}`,
    detail: c.unavailable ? `${c.help} (not available yet)` : c.help,
    value: `/${c.name}${c.args ? " " : ""}`,
  }));
}

export function helpText(): string {
  return [
    "Keys",
    "  Enter send (queued while a turn runs) · Alt+Enter or Ctrl+J new line · ↑/↓ history",
    "  Tab focus next pane · Shift+Tab cycle trust mode · Esc interrupt the turn",
    "  Ctrl+C twice quit · Ctrl+D quit on empty input · Alt+←/→ resize pane · Alt+↑/↓ resize todos/files",
    "  Conversation: ↑/↓ PgUp/PgDn scroll · [ ] select a tool call or thinking block · Enter expand",
    "  Sessions: ↑/↓ select · Enter open · n new · r rename · d delete · a all projects",
    "  Todos: a add · x/Space tick · d remove       Files: u undo the last turn",
    "  @path completes file names with Tab; / opens the command palette",
    "",
    "Commands",
    ...SLASH_COMMANDS.map((c) => `  /${c.name}${c.args ? ` ${c.args}` : ""} — ${c.help}${c.unavailable ? ` (not available yet: ${c.unavailable})` : ""}`),
  ].join("\n");
}
