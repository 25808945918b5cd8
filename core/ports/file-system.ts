import { token, type Token } from "./token.ts";

export interface FileStat {
  readonly kind: "file" | "directory" | "other";
  readonly size: number;
  readonly mtimeMs: number;
  /** Device and inode ("dev:ino"): the same for every hard link to one file. */
  readonly identity?: string;
  /** How many hard links the file has. */
  readonly links?: number;
}

export interface DirEntry {
  readonly name: string;
  readonly kind: "file" | "directory" | "other";
}

/** Options of `FileSystem.walk`. */
export interface WalkOptions {
  /**
   * Leaves out what .gitignore files exclude: those met on the way down, and those in the
   * directories from `ignoreRoot` down to the start (a deeper file's rules win, as in git), and
   * what a repository's `.git/info/exclude` and the user's global excludes file exclude (below
   * every .gitignore, as in git).
   * A start those exclude (a directory asked for by name) is walked under its own files only.
   */
  readonly gitignore?: boolean;
  /** Where .gitignore files begin to count, usually the project root; the start when absent. */
  readonly ignoreRoot?: string;
  /** Directory names never entered nor reported, at any depth (".git", "node_modules"). */
  readonly skipDirs?: readonly string[];
  /** 1 reports the start's own entries only; unlimited when absent. */
  readonly maxDepth?: number;
}

export interface WalkEntry {
  /** Absolute. */
  readonly path: string;
  readonly kind: DirEntry["kind"];
}

/** One file of `readTexts`: its text, or why there is none. */
export type TextFile =
  | { readonly path: string; readonly kind: "text"; readonly text: string }
  /** A NUL byte in its first 8 KiB: not read past that, not decoded. */
  | { readonly path: string; readonly kind: "binary" }
  /** Vanished, not a regular file, or not permitted. */
  | { readonly path: string; readonly kind: "unreadable" };

/** The local file system as tools see it. Paths are absolute. */
export interface FileSystem {
  readText(path: string, signal: AbortSignal): Promise<string>;
  /** The raw bytes (images attached to a prompt). */
  readBytes(path: string, signal: AbortSignal): Promise<Uint8Array>;
  /** Writes through a temporary file and a rename, creating parent directories. */
  writeTextAtomic(path: string, content: string, signal: AbortSignal): Promise<void>;
  /** Removes what a `writeTextAtomic` of `path` cut short by a crash left beside it (its temporary files). */
  removeWriteLeftovers(path: string, signal: AbortSignal): Promise<void>;
  /** Null when nothing exists at the path. Does not follow a final symlink's absence as an error. */
  stat(path: string, signal: AbortSignal): Promise<FileStat | null>;
  /** Resolves symlinks; for a path that does not exist yet, resolves its nearest existing parent. */
  realPath(path: string, signal: AbortSignal): Promise<string>;
  /** Without `recursive`, removes a file, or a directory only when it is empty (otherwise it throws). */
  remove(path: string, options: { recursive: boolean }, signal: AbortSignal): Promise<void>;
  /** Creates the directory and its missing parents; one that exists already is left as it is. */
  makeDirectory(path: string, signal: AbortSignal): Promise<void>;
  readDir(path: string, signal: AbortSignal): Promise<DirEntry[]>;
  /**
   * Everything below `start` (not `start` itself), depth first: each directory's entries sorted
   * by name (UTF-16 order), a directory just before its contents. Symlinks are reported as
   * "other" and not followed; unreadable subdirectories are reported but not entered.
   * Stopping the iteration early stops the walk.
   */
  walk(start: string, options: WalkOptions, signal: AbortSignal): AsyncIterable<WalkEntry>;
  /**
   * The texts (UTF-8) of many files, in the order given: much faster than `readText` file by
   * file for scanning a tree. Stopping the iteration early stops the reading.
   */
  readTexts(paths: Iterable<string>, signal: AbortSignal): AsyncIterable<TextFile>;
}

export const FILE_SYSTEM: Token<FileSystem> = token("file-system");
