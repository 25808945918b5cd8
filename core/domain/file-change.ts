/** What happened to a file in one turn. */
export const FILE_CHANGE_KINDS = ["created", "modified", "deleted"] as const;
export type FileChangeKind = (typeof FILE_CHANGE_KINDS)[number];

/** One recorded change of one file by the agent, as the files pane and /undo see it. */
export interface FileChange {
  /** Absolute path; one ending in "/" is a directory the turn created (see `createdDirectory`). */
  readonly path: string;
  readonly kind: FileChangeKind;
  /** Lines added and removed by this change (a created file adds all its lines). */
  readonly added: number;
  readonly removed: number;
  readonly turnId: string;
  /** The tool that made it ("Write", "Edit", "Bash", an MCP tool…). */
  readonly tool: string;
  readonly at: number;
  /** False when the content before the change is unknown (e.g. a file a shell command changed). */
  readonly undoable: boolean;
}

/** A file as it was before and after one turn's changes, for showing a diff. */
export interface FileDiff {
  readonly path: string;
  /** Null: the file did not exist (before) or no longer does (after). */
  readonly before: string | null;
  readonly after: string | null;
  /** False when the content before is unknown (a command changed the file). */
  readonly exact: boolean;
}

/** What undoing a turn did. */
export interface UndoResult {
  readonly turnId: string | null;
  readonly restored: readonly string[];
  readonly removed: readonly string[];
  /** Paths that could not be put back, with why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * A directory a turn created (a Write to a new nested path, `mkdir -p`, a redirection) is
 * recorded as a change of kind "created" whose path ends in "/": undo removes it when it is
 * empty again. Only the turn that created it records it, so one that existed before the turn
 * is never removed. The files pane lists files only.
 */
export function createdDirectory(path: string): string {
  return `${path}/`;
}

export function isDirectoryEntry(path: string): boolean {
  return path.endsWith("/");
}
