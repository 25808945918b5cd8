import { createdDirectory, isDirectoryEntry, type FileChange, type FileDiff, type UndoResult } from "../domain/file-change.ts";
import { readIfExists } from "../plugin-api/memory-files.ts";
import { splitLines } from "../domain/text-lines.ts";
import { dirname, isInside } from "../domain/paths.ts";
import type { FileChangeStore, RecordedFileChange } from "../ports/file-change-store.ts";
import type { FileSystem } from "../ports/file-system.ts";
import type { LineChangeCounter } from "../ports/line-changes.ts";
import type { FileLedger } from "../ports/tool.ts";

/** Content captured before a change; undefined when too large or unreadable (then not undoable). */
type Before = Map<string, string | null | undefined>;
/** size and mtime of every file under the project, and its directories (as `createdDirectory` paths), to see what a command changed. */
export type Snapshot = Map<string, string>;

const MAX_CAPTURE_BYTES = 2 * 1024 * 1024;
/** Beyond this many files the project is not scanned around commands (too slow to do every time). */
export const MAX_SNAPSHOT_FILES = 20_000;
const SKIPPED_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

export interface FileTrackerDeps {
  readonly sessionId: string;
  readonly projectRoot: string;
  readonly fs: FileSystem;
  readonly lineChanges: LineChangeCounter;
  readonly store: FileChangeStore;
  /** Directories never scanned (Ursa's data directory). */
  readonly excluded: readonly string[];
  readonly announce: (change: FileChange) => void;
  readonly now?: () => number;
}

/**
 * What one session's agent did to files: created (owned), modified, deleted, with line
 * counts, per turn, persisted so that ownership and undo survive a restart. Tools that declare
 * their paths are tracked exactly (with the content before, for undo); anything else that
 * mutates (a shell command) is tracked by comparing the project's files before and after.
 */
export class FileTracker implements FileLedger {
  readonly #d: FileTrackerDeps;
  readonly #reads = new Map<string, { digest: string; at: number }>();
  readonly #writers = new Map<string, { tool: string; at: number }>();
  #owned = new Set<string>();

  constructor(deps: FileTrackerDeps) {
    this.#d = deps;
  }

  /**
   * Loads the session's owned files (after a restart), first recording a change that a killed
   * Ursa left unrecorded (see beginChange) and removing its temporary files.
   */
  async load(): Promise<void> {
    const pending = await this.#d.store.pendingChange(this.#d.sessionId);
    if (pending) {
      const signal = new AbortController().signal;
      for (const { path } of pending.paths) await this.#d.fs.removeWriteLeftovers(path, signal).catch(() => {});
      // Ursa may have died after recording a path's change and before clearing the record.
      const unrecorded: Before = new Map();
      for (const p of pending.paths) {
        const recorded = (await this.#d.store.changesOf(this.#d.sessionId, p.path)).some((c) => c.turnId === pending.turnId && c.at >= pending.at);
        if (!recorded) unrecorded.set(p.path, p.known ? p.before : undefined);
      }
      await this.recordAfter(pending.turnId, pending.tool, unrecorded, signal);
    }
    await this.#loadOwned();
  }

  /**
   * Records, before a tool writes, what it is about to change: a kill during the write then
   * cannot leave a change that undo does not know about. recordAfter clears it.
   */
  async beginChange(turnId: string, tool: string, before: Before): Promise<void> {
    const paths = [...before].map(([path, old]) => ({ path, before: old ?? null, known: old !== undefined }));
    await this.#d.store.setPendingChange(this.#d.sessionId, { turnId, tool, at: this.#now(), paths });
  }

  noteRead(path: string, digest: string): void {
    this.#reads.set(path, { digest, at: this.#now() });
  }
  lastRead(path: string) {
    return this.#reads.get(path);
  }
  lastWriter(path: string) {
    return this.#writers.get(path);
  }
  isOwned(path: string): boolean {
    return this.#owned.has(path);
  }

  async capture(paths: readonly string[], signal: AbortSignal): Promise<Before> {
    const before: Before = new Map();
    for (const path of paths) {
      // Directories (a command's `cd` target) have no content to track; their files are scanned.
      const stat = await this.#d.fs.stat(path, signal);
      if (stat?.kind === "directory") continue;
      before.set(path, await this.#readIfText(path, signal));
      // The directories it would go in that do not exist yet: if the call makes them, the turn did.
      if (!stat) for (const dir of await this.#missingParents(path, signal)) if (!before.has(dir)) before.set(dir, null);
    }
    return before;
  }

  /** Records what happened to `before`'s paths since they were captured. */
  async recordAfter(turnId: string, tool: string, before: Before, signal: AbortSignal): Promise<void> {
    for (const [path, old] of before) {
      if ((await this.#d.fs.stat(path, signal))?.kind === "directory") {
        // Absent when captured (a missing parent, a `mkdir` target): this call created it.
        if (old === null) await this.#recordDirectory(path, "created", turnId, tool, this.#now());
        continue;
      }
      const now = await this.#readIfText(path, signal);
      if (old === null && now === null) continue;
      if (old !== undefined && now !== undefined && old === now) continue;
      const kind = old === null ? "created" : now === null ? "deleted" : "modified";
      const counts = await this.#d.lineChanges.count(old ?? "", now ?? "");
      await this.#record({ path, kind, ...counts, turnId, tool, at: this.#now(), undoable: old !== undefined, before: old ?? null });
    }
    await this.#d.store.setPendingChange(this.#d.sessionId, null);
  }

  /** The project's files with size and mtime; null when it has too many to scan every time. */
  async snapshot(signal: AbortSignal): Promise<Snapshot | null> {
    const files: Snapshot = new Map();
    let fileCount = 0;
    const walk = async (dir: string): Promise<boolean> => {
      let entries;
      try {
        entries = await this.#d.fs.readDir(dir, signal);
      } catch {
        return true;
      }
      for (const entry of entries) {
        const path = `${dir}/${entry.name}`;
        if (entry.kind === "directory") {
          if (SKIPPED_DIRS.has(entry.name) || this.#d.excluded.some((x) => isInside(x, path))) continue;
          files.set(createdDirectory(path), "directory");
          if (!(await walk(path))) return false;
        } else if (entry.kind === "file") {
          const stat = await this.#d.fs.stat(path, signal);
          if (stat) files.set(path, `${stat.size}:${stat.mtimeMs}`);
          if (++fileCount > MAX_SNAPSHOT_FILES) return false;
        }
      }
      return true;
    };
    return (await walk(this.#d.projectRoot)) ? files : null;
  }

  /** Records the differences between two snapshots (contents before are unknown: not undoable). */
  async recordSnapshotDiff(turnId: string, tool: string, before: Snapshot, after: Snapshot, signal: AbortSignal, skip: ReadonlySet<string> = new Set()): Promise<void> {
    const at = this.#now();
    for (const [path, stamp] of after) {
      const old = before.get(path);
      if (old === stamp || skip.has(path)) continue;
      if (isDirectoryEntry(path)) {
        // A new directory: it was not there before the command (its existence is all undo needs).
        if (!skip.has(path.slice(0, -1))) await this.#recordDirectory(path.slice(0, -1), "created", turnId, tool, at);
        continue;
      }
      const text = old === undefined ? await this.#readIfText(path, signal) : undefined;
      const added = typeof text === "string" ? splitLines(text).length : 0;
      await this.#record({ path, kind: old === undefined ? "created" : "modified", added, removed: 0, turnId, tool, at, undoable: false, before: null });
    }
    for (const path of before.keys()) {
      if (after.has(path) || skip.has(path)) continue;
      // A directory gone (removed, or moved: `mv a b` also creates b): undo makes it again.
      if (isDirectoryEntry(path)) await this.#recordDirectory(path.slice(0, -1), "deleted", turnId, tool, at);
      else await this.#record({ path, kind: "deleted", added: 0, removed: 0, turnId, tool, at, undoable: false, before: null });
    }
  }

  /** The session's file changes, oldest first (the directories a turn created are for undo only). */
  async changes(): Promise<FileChange[]> {
    return (await this.#d.store.listFileChanges(this.#d.sessionId)).filter((change) => !isDirectoryEntry(change.path));
  }

  /** One file before and after one turn: the content before its first change in the turn, and after the turn. */
  async diff(change: { turnId: string; path: string }): Promise<FileDiff> {
    const history = await this.#d.store.changesOf(this.#d.sessionId, change.path);
    const first = history.findIndex((c) => c.turnId === change.turnId);
    if (first < 0) throw new RangeError(`no change of ${change.path} in that turn`);
    const inTurn = history.filter((c) => c.turnId === change.turnId);
    const next = history.slice(first).find((c) => c.turnId !== change.turnId);
    const exact = inTurn.every((c) => c.undoable);
    // After the turn is what the next turn found, or what is on disk now.
    const after = next?.undoable ? next.before : await readIfExists(this.#d.fs, change.path, AbortSignal.timeout(10_000));
    return { path: change.path, before: exact ? history[first]!.before : null, after, exact };
  }

  /** Whether undoLastTurn has a turn to put back (the directories a turn created count: the files list leaves them out). */
  async hasUndoableTurn(): Promise<boolean> {
    return (await this.#d.store.lastUndoableTurn(this.#d.sessionId)) !== null;
  }

  /**
   * Puts back the files of the newest turn not undone yet: earlier contents restored, created
   * files removed, then the directories it created that are empty again (deepest first), and
   * the directories it removed made again.
   */
  async undoLastTurn(signal: AbortSignal): Promise<UndoResult> {
    const turn = await this.#d.store.lastUndoableTurn(this.#d.sessionId);
    if (!turn) return { turnId: null, restored: [], removed: [], skipped: [] };
    const firstByPath = new Map<string, RecordedFileChange>();
    for (const change of turn.changes) if (!firstByPath.has(change.path) && !isDirectoryEntry(change.path)) firstByPath.set(change.path, change);
    // A directory pulled from another device (not undoable) may have existed here: it stays.
    const directories = (kind: "created" | "deleted") => [...new Set(turn.changes.filter((c) => isDirectoryEntry(c.path) && c.undoable && c.kind === kind).map((c) => c.path))];
    const restored: string[] = [];
    const removed: string[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const [path, change] of firstByPath) {
      if (!turn.changes.filter((c) => c.path === path).every((c) => c.undoable)) {
        skipped.push({ path, reason: `changed by ${change.tool}, whose earlier content is unknown` });
        continue;
      }
      if (change.before === null) {
        if (await this.#d.fs.stat(path, signal)) await this.#d.fs.remove(path, { recursive: false }, signal);
        this.#owned.delete(path);
        removed.push(path);
      } else {
        await this.#d.fs.writeTextAtomic(path, change.before, signal);
        restored.push(path);
      }
      this.#reads.delete(path);
    }
    // Created ones deepest first, each only when empty again; removed ones made again, parents first.
    for (const entry of directories("created").sort((a, b) => b.length - a.length)) if (await this.#removeIfEmpty(entry.slice(0, -1), signal)) removed.push(entry);
    for (const entry of directories("deleted").sort((a, b) => a.length - b.length)) {
      if (await this.#d.fs.stat(entry.slice(0, -1), signal)) continue;
      await this.#d.fs.makeDirectory(entry.slice(0, -1), signal);
      restored.push(entry);
    }
    await this.#d.store.markTurnUndone(this.#d.sessionId, turn.turnId);
    // Ownership follows what is on disk again: a file deleted in the undone turn may be owned once more.
    await this.#loadOwned();
    return { turnId: turn.turnId, restored, removed, skipped };
  }

  /** A directory the turn created goes only when nothing is in it (a file kept, or put there since, keeps it). */
  async #removeIfEmpty(dir: string, signal: AbortSignal): Promise<boolean> {
    if ((await this.#d.fs.stat(dir, signal))?.kind !== "directory") return false;
    if ((await this.#d.fs.readDir(dir, signal).catch(() => [null])).length > 0) return false;
    // Non-recursive: the file system refuses if something appeared in it meanwhile.
    return this.#d.fs.remove(dir, { recursive: false }, signal).then(() => true, () => false);
  }

  /** The parents of `path` that do not exist, nearest first. */
  async #missingParents(path: string, signal: AbortSignal): Promise<string[]> {
    const missing: string[] = [];
    for (let dir = dirname(path); dir !== "/" && dir !== "." && !(await this.#d.fs.stat(dir, signal)); dir = dirname(dir)) missing.push(dir);
    return missing;
  }

  async #loadOwned(): Promise<void> {
    this.#owned = new Set((await this.#d.store.ownedFiles(this.#d.sessionId)).filter((path) => !isDirectoryEntry(path)));
  }

  /** A directory the turn created or removed: for undo only (not a file: not announced, not owned). */
  async #recordDirectory(path: string, kind: "created" | "deleted", turnId: string, tool: string, at: number): Promise<void> {
    await this.#d.store.recordFileChange(this.#d.sessionId, { path: createdDirectory(path), kind, added: 0, removed: 0, turnId, tool, at, undoable: true, before: null });
  }

  async #record(change: RecordedFileChange): Promise<void> {
    await this.#d.store.recordFileChange(this.#d.sessionId, change);
    // Only files whose creation is exactly known are owned (deleting them asks nobody).
    if (change.kind === "created" && change.undoable) this.#owned.add(change.path);
    if (change.kind === "deleted") this.#owned.delete(change.path);
    this.#writers.set(change.path, { tool: change.tool, at: change.at });
    const { before: _before, ...visible } = change;
    this.#d.announce(visible);
  }

  async #readIfText(path: string, signal: AbortSignal): Promise<string | null | undefined> {
    const stat = await this.#d.fs.stat(path, signal);
    if (!stat) return null;
    if (stat.kind !== "file" || stat.size > MAX_CAPTURE_BYTES) return undefined;
    try {
      return await this.#d.fs.readText(path, signal);
    } catch {
      return undefined;
    }
  }

  #now(): number {
    return (this.#d.now ?? Date.now)();
  }
}
