import { hasLong, hasShort, operands, optionValue } from "./args.ts";
import { worst, type Rule, type ShellEffect } from "./rule.ts";

/** Global options before the subcommand that take a separate value. */
const GLOBAL_WITH_VALUE = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--exec-path"];

const READ_ONLY = new Set([
  "status", "log", "diff", "show", "blame", "annotate", "shortlog", "describe", "rev-parse", "rev-list", "ls-files", "ls-tree",
  "ls-remote", "cat-file", "grep", "whatchanged", "show-ref", "for-each-ref", "merge-base", "name-rev", "cherry", "count-objects",
  "var", "help", "version", "check-ignore", "check-attr", "check-ref-format", "verify-commit", "verify-tag", "diff-tree",
  "diff-files", "diff-index", "range-diff", "show-branch", "fsck",
]);

/** Subcommands that lose work or history beyond what undo can restore. */
const DESTRUCTIVE = new Set(["filter-branch", "filter-repo", "prune"]);

/** `git branch` options that only list. */
const BRANCH_LIST = /^(-a|--all|-r|--remotes|-l|--list|-v|-vv|--verbose|--show-current|--no-color|--no-column|-i|--ignore-case|--(color|column|sort|format|contains|no-contains|merged|no-merged|points-at|abbrev)(=.*)?)$/;
const TAG_LIST = /^(-l|--list|-n\d*|--(contains|no-contains|merged|no-merged|points-at|sort|format|column|color)(=.*)?)$/;

type SubcommandRule = (args: readonly string[]) => ShellEffect;

const SUBCOMMANDS: Readonly<Record<string, SubcommandRule>> = {
  push: (a) =>
    hasShort(a, "f") || hasShort(a, "d") || hasLong(a, "--force", "--force-with-lease", "--force-if-includes", "--mirror", "--delete", "--prune") || operands(a).some((r) => r.startsWith("+") || r.startsWith(":"))
      ? "destructive"
      : "local_mutation",
  reset: (a) => (hasLong(a, "--hard") ? "destructive" : "local_mutation"),
  clean: (a) => (hasShort(a, "f") || hasLong(a, "--force") ? "destructive" : hasShort(a, "n") || hasLong(a, "--dry-run") ? "read_only" : "local_mutation"),
  // `git checkout -- PATHS`, `git checkout .`, `-f`: overwrite uncommitted changes.
  checkout: (a) => (a.includes("--") || a.includes(".") || hasShort(a, "f") || hasLong(a, "--force") ? "destructive" : "local_mutation"),
  // Without --staged alone, restore overwrites the working tree.
  restore: (a) => (hasLong(a, "--staged") && !hasLong(a, "--worktree") && !hasShort(a, "W") ? "local_mutation" : "destructive"),
  switch: (a) => (hasShort(a, "f") || hasLong(a, "--force", "--discard-changes") ? "destructive" : "local_mutation"),
  branch: (a) => {
    if (hasShort(a, "D") || ((hasShort(a, "d") || hasLong(a, "--delete")) && (hasShort(a, "f") || hasLong(a, "--force")))) return "destructive";
    const listing = a.every((x) => !x.startsWith("-") || BRANCH_LIST.test(x));
    const patterns = operands(a).length === 0 || a.some((x) => /^(-l|--list|--(contains|no-contains|merged|no-merged|points-at))$/.test(x));
    return listing && patterns ? "read_only" : "local_mutation";
  },
  tag: (a) => (a.every((x) => !x.startsWith("-") || TAG_LIST.test(x)) && (operands(a).length === 0 || hasShort(a, "l") || hasLong(a, "--list")) ? "read_only" : "local_mutation"),
  stash: (a) => ({ list: "read_only", show: "read_only", drop: "destructive", clear: "destructive" } as const)[a[0] ?? ""] ?? "local_mutation",
  remote: (a) => (a.length === 0 || a.every((x) => x === "-v" || x === "--verbose") || a[0] === "show" || a[0] === "get-url" ? "read_only" : "local_mutation"),
  config: (a) => {
    if (a.some((x) => /^(--get|--get-all|--get-regexp|--get-urlmatch|--list|-l)$/.test(x)) || a[0] === "get" || a[0] === "list") return "read_only";
    const writes = a.some((x) => /^(--unset|--unset-all|--add|--replace-all|--rename-section|--remove-section|--edit|-e)$/.test(x));
    return !writes && operands(a, ["--file", "-f", "--blob"]).length === 1 ? "read_only" : "local_mutation";
  },
  reflog: (a) => (a[0] === "expire" || a[0] === "delete" ? "destructive" : "read_only"),
  worktree: (a) => (a[0] === "list" ? "read_only" : a[0] === "remove" && (hasShort(a, "f") || hasLong(a, "--force")) ? "destructive" : "local_mutation"),
  // Forced, it removes files with uncommitted changes.
  rm: (a) => (hasShort(a, "f") || hasLong(a, "--force") ? "destructive" : "local_mutation"),
  "update-ref": (a) => (hasShort(a, "d") ? "destructive" : "local_mutation"),
  submodule: (a) => (a[0] === "status" || a[0] === "summary" ? "read_only" : "local_mutation"),
  gc: (a) => (a.some((x) => x.startsWith("--prune")) ? "destructive" : "local_mutation"),
};

/**
 * git: read-only inspection, ordinary local changes, and the operations that lose work:
 * force pushes and remote deletions, `reset --hard`, `clean -f`, `checkout -- …`, `branch -D`,
 * `stash drop/clear`, history rewriting. `-c` can set a pager or alias that runs any command,
 * so it is never read-only (and destructive when it defines a shell alias, `!…`).
 */
export const git: Rule = {
  args(ctx) {
    const texts = ctx.texts;
    let i = 0;
    let floor: ShellEffect = "read_only";
    while (i < texts.length && texts[i]!.startsWith("-")) {
      const t = texts[i]!;
      if (t === "-c" || t === "--config-env" || t.startsWith("--exec-path")) floor = (texts[i + 1] ?? "").includes("!") ? "destructive" : "local_mutation";
      i += GLOBAL_WITH_VALUE.includes(t) ? 2 : 1;
    }
    const sub = texts[i];
    const rest = texts.slice(i + 1);
    let effect: ShellEffect;
    if (sub === undefined) effect = "read_only";
    else if (DESTRUCTIVE.has(sub)) effect = "destructive";
    else if (READ_ONLY.has(sub)) effect = hasLong(rest, "--output") || (sub === "grep" && (hasShort(rest, "O") || hasLong(rest, "--open-files-in-pager"))) ? "local_mutation" : "read_only";
    else effect = SUBCOMMANDS[sub]?.(rest) ?? "local_mutation";
    effect = worst(effect, floor);
    if (effect === "read_only") return effect;
    // A path known only at run time (`git clone . "$DIR"`) keeps its `$`: ctx.write calls it unknown.
    return worst(effect, ...gitWrites(texts.slice(0, i), sub, rest).map((path) => ctx.write(path)));
  },
};

const CLONE_VALUES = ["-b", "--branch", "-o", "--origin", "--depth", "-c", "--config", "--reference", "--separate-git-dir", "-u", "--upload-pack", "--template", "--filter", "-j", "--jobs", "--shallow-since", "--shallow-exclude", "--bundle-uri"];

/**
 * Where a changing git command writes besides the working directory: the repository named by
 * `-C`, `--git-dir` or `--work-tree`; a clone's, init's or new worktree's directory; the user's
 * or system's configuration (`config --global`, `--system`, `--file`); `--output` files.
 */
function gitWrites(globals: readonly string[], sub: string | undefined, rest: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < globals.length; i++) {
    const t = globals[i]!;
    if (t === "-C" || t === "--git-dir" || t === "--work-tree") out.push(globals[i + 1] ?? "");
    else if (t.startsWith("--git-dir=") || t.startsWith("--work-tree=")) out.push(t.slice(t.indexOf("=") + 1));
  }
  const files = operands(rest, CLONE_VALUES);
  if (sub === "clone") out.push(files[1] ?? (files[0] ?? "").replace(/\/+$/, "").replace(/\.git$/, "").split(/[/:]/).pop() ?? ".");
  else if (sub === "init") out.push(files[0] ?? ".");
  else if (sub === "worktree" && rest[0] === "add") out.push(operands(rest.slice(1), ["-b", "-B", "--reason"])[0] ?? ".");
  else if (sub === "config") {
    if (hasLong(rest, "--global")) out.push("~/.gitconfig");
    if (hasLong(rest, "--system")) out.push("/etc/gitconfig");
    const file = optionValue(rest, "-f", "--file");
    if (file !== undefined) out.push(file);
  }
  const output = optionValue(rest, "--output", ...(sub === "archive" || sub === "format-patch" ? ["-o"] : []));
  if (output !== undefined) out.push(output);
  return out.filter((p) => p !== "");
}

