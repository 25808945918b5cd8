/**
 * Catches a command typed without its group (`ursa list`, `ursa export`, `ursa sesions`) before
 * it is sent to the model as a one-word prompt that opens a new session. It runs on every start:
 * it imports nothing but a small pure function.
 */
import { closest } from "../../core/domain/closest-word.ts";

const SUBCOMMANDS: Readonly<Record<string, string>> = {
  list: "ursa sessions list (or ursa mcp list)",
  show: "ursa sessions show <id>",
  export: "ursa sessions export <id>",
  import: "ursa sessions import <file> (or ursa mcp import)",
  delete: "ursa sessions delete <id>",
  resume: "ursa --resume <id>",
  add: "ursa mcp add <name> -- <command>",
  remove: "ursa mcp remove <name>",
  get: "ursa mcp get <name>",
  verify: "ursa plugin verify",
  help: "ursa --help",
};

export const TOP_LEVEL_COMMANDS = ["mcp", "sessions", "sync", "plugin"] as const;

/** What the user probably meant, when the only argument is one such word; null otherwise. */
export function suggestCommand(argv: readonly string[]): string | null {
  if (argv.length !== 1) return null;
  const word = argv[0]!.trim().toLowerCase();
  if (!/^[a-z-]+$/.test(word)) return null;
  if (SUBCOMMANDS[word]) return SUBCOMMANDS[word]!;
  const near = closest(word, TOP_LEVEL_COMMANDS, word.length >= 5 ? 2 : 1);
  if (near) return `ursa ${near}`;
  // One edit only: "hello" or "test" are prompts, not typos of "help" or "get".
  const sub = word.length >= 4 ? closest(word, Object.keys(SUBCOMMANDS), 1) : null;
  return sub ? SUBCOMMANDS[sub]! : null;
}
