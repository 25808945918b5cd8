import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import ignore, { type Ignore } from "ignore";
import type { DirEntry, WalkEntry, WalkOptions } from "../../core/ports/file-system.ts";
import { TimeSlice } from "./time-slice.ts";

/** The rules of one ignore file (.gitignore, .git/info/exclude); they apply to paths below `dir`. */
interface Rules {
  readonly dir: string;
  readonly ignore: Ignore;
}

interface Frame {
  readonly dir: string;
  readonly entries: readonly Dirent[];
  index: number;
  readonly depth: number;
  /** Shallowest first, so that a deeper file's verdict overrides, as in git. */
  readonly rules: readonly Rules[];
}

/** FileSystem.walk: an explicit stack rather than recursion, so each entry is yielded once, not re-yielded per level. */
/** `globalExcludes`: the user's global ignore file (git's core.excludesFile), if any. */
export async function* walk(start: string, options: WalkOptions, signal: AbortSignal, globalExcludes: string | null = null): AsyncGenerator<WalkEntry> {
  const slice = new TimeSlice(signal);
  const root = trimSlash(start);
  const skip = new Set(options.skipDirs);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const gitignore = options.gitignore === true;
  const entries = readSorted(root);
  const repoFiles = [...(globalExcludes ? [globalExcludes] : []), ".git/info/exclude"];
  const ancestors = gitignore ? ancestorRules(trimSlash(options.ignoreRoot ?? root), root, repoFiles) : [];
  // A directory asked for by name is walked even when ignored (as ripgrep searches one); the
  // rules that exclude it would exclude all it holds, so only its own and deeper ones count.
  const inherited = isIgnored(ancestors, root, true) ? [] : ancestors;
  const stack: Frame[] = [{ dir: root, entries, index: 0, depth: 1, rules: gitignore ? withOwnRules(root, entries, inherited, repoFiles) : [] }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const entry = top.entries[top.index++];
    if (!entry) {
      stack.pop();
      continue;
    }
    const kind = kindOf(entry);
    if (kind === "directory" && skip.has(entry.name)) continue;
    const path = join(top.dir, entry.name);
    if (gitignore && isIgnored(top.rules, path, kind === "directory")) continue;
    yield { path, kind };
    if (kind !== "directory" || top.depth >= maxDepth) continue;
    await slice.pause();
    let children: Dirent[];
    try {
      children = readSorted(path);
    } catch {
      continue;
    }
    stack.push({ dir: path, entries: children, index: 0, depth: top.depth + 1, rules: gitignore ? withOwnRules(path, children, top.rules, repoFiles) : [] });
  }
}

function readSorted(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function kindOf(entry: Dirent): DirEntry["kind"] {
  return entry.isFile() ? "file" : entry.isDirectory() ? "directory" : "other";
}

/** The rules of the ignore files from `ignoreRoot` down to `start`'s parent (start's own are read with its entries). */
function ancestorRules(ignoreRoot: string, start: string, repoFiles: readonly string[]): Rules[] {
  if (start === ignoreRoot || !start.startsWith(ignoreRoot === "/" ? "/" : `${ignoreRoot}/`)) return [];
  const rules: Rules[] = [];
  const parts = start.slice(ignoreRoot.length).split("/").filter(Boolean);
  let dir = ignoreRoot;
  for (const part of parts) {
    rules.push(...loadRules(dir, [...(isRepository(dir) ? repoFiles : []), ".gitignore"]));
    dir = join(dir, part);
  }
  return rules;
}

/**
 * `repoFiles`: the ignore files that count at a repository's root (the global one, then
 * .git/info/exclude). They rank below every .gitignore, as in git, so they go first.
 */
function withOwnRules(dir: string, entries: readonly Dirent[], inherited: readonly Rules[], repoFiles: readonly string[]): readonly Rules[] {
  const files: string[] = [];
  if (entries.some((e) => e.name === ".git" && e.isDirectory())) files.push(...repoFiles);
  if (entries.some((e) => e.name === ".gitignore" && !e.isDirectory())) files.push(".gitignore");
  if (files.length === 0) return inherited;
  const own = loadRules(dir, files);
  return own.length > 0 ? [...inherited, ...own] : inherited;
}

function isRepository(dir: string): boolean {
  try {
    return statSync(join(dir, ".git")).isDirectory();
  } catch {
    return false;
  }
}

/** The rules, for paths below `dir`, of the ignore files (relative to `dir`, or absolute) that exist, in the order given. */
function loadRules(dir: string, files: readonly string[]): Rules[] {
  const rules: Rules[] = [];
  for (const file of files) {
    try {
      rules.push({ dir, ignore: ignore().add(readFileSync(file.startsWith("/") ? file : join(dir, file), "utf8")) });
    } catch {
      // No such file: nothing to ignore.
    }
  }
  return rules;
}

function isIgnored(rules: readonly Rules[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { dir, ignore } of rules) {
    // A trailing slash lets directory-only patterns ("build/") match.
    const relative = path.slice(dir === "/" ? 1 : dir.length + 1) + (isDirectory ? "/" : "");
    const verdict = ignore.test(relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
