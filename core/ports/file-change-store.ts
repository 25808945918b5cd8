import type { FileChange } from "../domain/file-change.ts";
import { token, type Token } from "./token.ts";

/** A change as stored, with what undo needs: the content before the turn first touched the file. */
export interface RecordedFileChange extends FileChange {
  /** Content before the turn's first change to this path; null when the file did not exist. Ignored when not undoable. */
  readonly before: string | null;
}

/**
 * A change a tool is about to make, recorded before it runs: if Ursa dies during the write,
 * the next start compares the files with `before` and records what really happened.
 */
export interface PendingChange {
  readonly turnId: string;
  readonly tool: string;
  /** When the tool was about to start: a change recorded for the path since then was this one. */
  readonly at: number;
  /** Each path's content before; null: it did not exist; absent (`known: false`): too large or unreadable. */
  readonly paths: readonly { readonly path: string; readonly before: string | null; readonly known: boolean }[];
}

/**
 * The per-session record of file changes: what the files pane lists, which files the agent
 * owns (created and not deleted since), and what /undo puts back. Survives restarts.
 * Reads take an optional AbortSignal: a call still queued is dropped with an AbortError when it
 * fires; one already running finishes (see MessageLog).
 */
export interface FileChangeStore {
  recordFileChange(sessionId: string, change: RecordedFileChange): Promise<void>;
  /** Every change of the session, oldest first (undone turns excluded). */
  listFileChanges(sessionId: string, signal?: AbortSignal): Promise<FileChange[]>;
  /** The changes of one path, oldest first, with the content before each (undone turns excluded). */
  changesOf(sessionId: string, path: string, signal?: AbortSignal): Promise<RecordedFileChange[]>;
  /** Absolute paths the session's agent created and has not deleted since. */
  ownedFiles(sessionId: string, signal?: AbortSignal): Promise<string[]>;
  /** The newest turn with changes not undone yet, its changes oldest first. */
  lastUndoableTurn(sessionId: string, signal?: AbortSignal): Promise<{ turnId: string; changes: RecordedFileChange[] } | null>;
  markTurnUndone(sessionId: string, turnId: string): Promise<void>;
  /** Records (or, with null, clears) the change a tool is about to make: at most one per session at a time. */
  setPendingChange(sessionId: string, pending: PendingChange | null): Promise<void>;
  pendingChange(sessionId: string, signal?: AbortSignal): Promise<PendingChange | null>;
}

export const FILE_CHANGE_STORE: Token<FileChangeStore> = token("file-change-store");
