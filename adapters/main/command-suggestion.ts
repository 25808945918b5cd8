/**
 * Catches a command typed without its group (`ursa list`, `ursa export`, `ursa sesions`) before
 * it is sent to the model as a one-word prompt that opens a new session. Kept free of imports:
 * it runs on every start.
 */
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

/** The known word nearest to a typo (at most `maxDistance` edits away), for "did you mean". */
export function closest(word: string, known: readonly string[], maxDistance = 2): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of known) {
    const distance = editDistance(word.toLowerCase(), name);
    if (distance <= maxDistance && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
