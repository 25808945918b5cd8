/**
 * The terminal type blessed should assume. blessed cannot read the terminfo entries of
 * `tmux-256color` or `screen-256color` (newer ncurses format) and falls back to 8-colour
 * `xterm`, which draws grey (colour 8) as black: borders, hints and thinking text vanish on a
 * dark background. Any `*-256color` terminal, or one that says `COLORTERM=truecolor|24bit`,
 * speaks xterm's 256-colour sequences, so blessed is told `xterm-256color` for those.
 */
export function blessedTerminal(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const term = env["TERM"] ?? "";
  const colorterm = (env["COLORTERM"] ?? "").toLowerCase();
  if (/-256colou?r$/.test(term) || colorterm === "truecolor" || colorterm === "24bit") return "xterm-256color";
  return undefined;
}
