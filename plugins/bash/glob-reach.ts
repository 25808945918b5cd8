import picomatch from "picomatch";

/**
 * Pathname patterns in a command (`urs?`, `*`, `[u]rsa`, `{a,b}`, `@(a|b)`): bash replaces
 * them with every path they match when the command runs, so a pattern is judged by every path
 * it could match. Quoting is not told apart here (a quoted `?` is taken as a pattern too): it
 * can only make a command look as if it reached further than it does.
 */
const GLOB = /[*?[]|\{[^{}]*,[^{}]*\}|[@!+]\(/;
/** Dot files count: `shopt -s dotglob` in the same command makes `*` match them too. */
const OPTIONS = { dot: true, windows: false } as const;

export function isGlob(path: string): boolean {
  return GLOB.test(path);
}

/**
 * The paths a pattern stands for as far as the data directory check is concerned: `dataDir`
 * when the absolute pattern could match it or anything inside it; for a `~/…` pattern (home
 * is the caller's to expand), each `~/<tail of dataDir>` it could match were home the rest of
 * `dataDir`, so the caller refuses it exactly when that guess is right.
 */
export function dataDirMatches(pattern: string, dataDir: string): string[] {
  if (!isGlob(pattern)) return [];
  if (pattern.startsWith("/")) return couldReach(pattern, dataDir) ? [dataDir] : [];
  if (pattern !== "~" && !pattern.startsWith("~/")) return [];
  const segments = dataDir.split("/").filter(Boolean);
  const out: string[] = [];
  for (let cut = 0; cut < segments.length; cut++) {
    const home = `/${segments.slice(0, cut).join("/")}`.replace(/^\/$/, "");
    if (couldReach(home + pattern.slice(1), dataDir)) out.push(`~/${segments.slice(cut).join("/")}`);
  }
  return out;
}

/** True when one segment of `path` is a pattern that could match `..` (`.[.]`, `.?`, `.*` before bash 5.2): where it lands is not known. */
export function mayClimb(path: string): boolean {
  return path.split("/").some((segment) => segment.startsWith(".") && isGlob(segment) && matches("..", segment));
}

/**
 * True when `pattern` could match `dir` or something inside it (both absolute, or both
 * relative to the same place): some leading segments of the pattern match `dir` whole (the
 * rest then names things below it).
 */
export function couldReach(pattern: string, dir: string): boolean {
  const segments = pattern.split("/");
  for (let end = 1; end <= segments.length; end++) {
    const head = segments.slice(0, end).join("/");
    if (head !== "" && matches(dir, head)) return true;
  }
  return false;
}

function matches(path: string, pattern: string): boolean {
  try {
    // bash negates a bracket with `!` or `^`; picomatch only with `^`.
    return picomatch.isMatch(path, pattern.replace(/\[!/g, "[^"), OPTIONS);
  } catch {
    // A pattern picomatch cannot read (one too long) may match anything.
    return true;
  }
}
