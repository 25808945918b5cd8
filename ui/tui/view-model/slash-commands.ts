import type { PaletteItem } from "./palette.ts";

/** What the palette and /help show of a command. */
export interface SlashCommand {
  readonly name: string;
  readonly args: string;
  readonly help: string;
}

/** Parses `/name args`; null when the text is not a slash command. */
export function parseSlash<C extends SlashCommand>(text: string, commands: readonly C[]): { command: C | null; name: string; args: string } | null {
  const m = /^\/(\S*)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return { command: commands.find((c) => c.name === name) ?? null, name, args: m[2]!.trim() };
}

/** The palette while a command name is being typed. */
export function slashSuggestions(text: string, commands: readonly SlashCommand[]): PaletteItem[] {
  const m = /^\/(\S*)$/.exec(text);
  if (!m) return [];
  const prefix = m[1]!.toLowerCase();
  return commands.filter((c) => c.name.startsWith(prefix)).map((c) => ({
    label: `/${c.name}${c.args ? ` ${c.args}` : ""}`,
    detail: c.help,
    value: `/${c.name}${c.args ? " " : ""}`,
    // Arguments in brackets are optional: Enter runs the command as it is (Tab or Space adds arguments).
    ...(c.args === "" || c.args.startsWith("[") ? { run: `/${c.name}` } : {}),
  }));
}

/** The palette while a command's argument is typed: its choices that start with what was typed. */
export function argumentSuggestions(command: string, typed: string, choices: readonly string[], detail: string): PaletteItem[] {
  const t = typed.toLowerCase();
  // What was typed in full comes first, so Enter sends it rather than a longer name.
  const matching = choices.filter((c) => c.toLowerCase().startsWith(t)).sort((a, b) => Number(b.toLowerCase() === t) - Number(a.toLowerCase() === t));
  return matching.map((c) => ({ label: c, detail, value: `/${command} ${c}`, run: `/${command} ${c}` }));
}

export function helpText(commands: readonly SlashCommand[]): string {
  return [
    "Keys",
    "  Enter send (queued while a turn runs) · Alt+Enter or Ctrl+J new line · ↑/↓ history",
    "  Tab focus next pane · Shift+Tab cycle trust mode · Esc or Ctrl+C interrupt the turn",
    "  Ctrl+C twice quit (idle) · Ctrl+D quit on empty input · Alt+←/→ resize pane · Alt+↑/↓ resize a pane's height",
    "  Approvals: y approve · a always allow (changes inside the project, this session; /permissions lists) · n reject · f feedback",
    "  Conversation: ↑/↓ PgUp/PgDn scroll · [ ] select a tool call or thinking block · Enter expand",
    "  Sessions: ↑/↓ select · Enter open · n new · r rename · d delete · a all projects",
    "  Todos: a add · x/Space tick · d remove       Files: u undo the last turn",
    "  @path completes file names with Tab; / opens the command palette",
    "",
    "Commands",
    ...commands.map((c) => `  /${c.name}${c.args ? ` ${c.args}` : ""} — ${c.help}`),
  ].join("\n");
}
