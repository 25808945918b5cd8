import type { FileChange } from "../../../core/domain/file-change.ts";
import { newId } from "../../../core/domain/ids.ts";
import type { FileChangeStore, PendingChange, RecordedFileChange } from "../../../core/ports/file-change-store.ts";
import type { InMemorySessionCatalog } from "./session-catalog.ts";
import { checkSignal, type FileChangeRow, type StoreState } from "./state.ts";

const PENDING_CHANGE_KEY = "pending_file_change";

/** The FileChangeStore in memory (the pending change kept as session metadata, as libSQL keeps it). */
export class InMemoryFileChangeStore implements FileChangeStore {
  readonly #s: StoreState;
  readonly #catalog: InMemorySessionCatalog;

  constructor(state: StoreState, catalog: InMemorySessionCatalog) {
    this.#s = state;
    this.#catalog = catalog;
  }

  async recordFileChange(sessionId: string, change: RecordedFileChange): Promise<void> {
    this.#s.fileChanges.push({ id: newId(), sessionId, undone: false, change: { ...change, before: change.undoable ? change.before : null } });
  }

  async listFileChanges(sessionId: string, signal?: AbortSignal): Promise<FileChange[]> {
    return (await this.#live(sessionId, signal)).map(({ change: { before: _before, ...change } }) => change);
  }

  async changesOf(sessionId: string, path: string, signal?: AbortSignal): Promise<RecordedFileChange[]> {
    return (await this.#live(sessionId, signal)).filter((r) => r.change.path === path).map((r) => r.change);
  }

  async ownedFiles(sessionId: string, signal?: AbortSignal): Promise<string[]> {
    const owned = new Set<string>();
    for (const { change } of await this.#live(sessionId, signal)) {
      if (change.kind === "created" && change.undoable) owned.add(change.path);
      else if (change.kind === "deleted") owned.delete(change.path);
    }
    return [...owned];
  }

  async lastUndoableTurn(sessionId: string, signal?: AbortSignal): Promise<{ turnId: string; changes: RecordedFileChange[] } | null> {
    const rows = await this.#live(sessionId, signal);
    const turnId = rows.at(-1)?.change.turnId;
    return turnId === undefined ? null : { turnId, changes: rows.filter((r) => r.change.turnId === turnId).map((r) => r.change) };
  }

  async markTurnUndone(sessionId: string, turnId: string): Promise<void> {
    for (const row of this.#s.fileChanges) if (row.sessionId === sessionId && row.change.turnId === turnId) row.undone = true;
  }

  async setPendingChange(sessionId: string, pending: PendingChange | null): Promise<void> {
    if (pending !== null) await this.#catalog.setMetadata(sessionId, PENDING_CHANGE_KEY, JSON.stringify(pending));
    else this.#s.metadata.get(sessionId)?.delete(PENDING_CHANGE_KEY);
  }

  async pendingChange(sessionId: string, signal?: AbortSignal): Promise<PendingChange | null> {
    const stored = await this.#catalog.getMetadata(sessionId, PENDING_CHANGE_KEY, signal);
    return stored === null ? null : (JSON.parse(stored) as PendingChange);
  }

  /** The session's changes not undone, in recording order. */
  async #live(sessionId: string, signal: AbortSignal | undefined): Promise<FileChangeRow[]> {
    checkSignal(signal);
    return this.#s.fileChanges.filter((r) => r.sessionId === sessionId && !r.undone);
  }
}
