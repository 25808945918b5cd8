import { token, type Token } from "./token.ts";

export interface FileStat {
  readonly kind: "file" | "directory" | "other";
  readonly size: number;
  readonly mtimeMs: number;
}

export interface DirEntry {
  readonly name: string;
  readonly kind: "file" | "directory" | "other";
}

/** The local file system as tools see it. Paths are absolute. */
export interface FileSystem {
  readText(path: string, signal: AbortSignal): Promise<string>;
  /** Writes through a temporary file and a rename, creating parent directories. */
  writeTextAtomic(path: string, content: string, signal: AbortSignal): Promise<void>;
  /** Null when nothing exists at the path. Does not follow a final symlink's absence as an error. */
  stat(path: string, signal: AbortSignal): Promise<FileStat | null>;
  /** Resolves symlinks; for a path that does not exist yet, resolves its nearest existing parent. */
  realPath(path: string, signal: AbortSignal): Promise<string>;
  remove(path: string, options: { recursive: boolean }, signal: AbortSignal): Promise<void>;
  readDir(path: string, signal: AbortSignal): Promise<DirEntry[]>;
}

export const FILE_SYSTEM: Token<FileSystem> = token("file-system");
