import { isInside } from "../domain/paths.ts";
import type { DirEntry, FileStat, FileSystem, TextFile, WalkEntry, WalkOptions } from "../ports/file-system.ts";

/**
 * The file system plugins get: the same, except that Ursa's own directories (the data
 * directory: every session, keys.json) do not exist for them. A path inside one, or a symlink
 * into one, is refused; walks and listings leave them out, so a Grep over a parent directory
 * cannot read them either. Guarding the capability, not each tool, covers third-party plugins.
 * A hard link made elsewhere to a file in there (`ln ~/.local/share/ursa/keys.json k.json`) is
 * the same file under another name: files are read and written only when their device and inode
 * are not those of a protected file. (A copy is another file: the keys it holds are redacted from
 * tool output instead, core/domain/secret-redaction.ts.)
 * The directories must be given as real paths (symlinks resolved).
 */
export class GuardedFileSystem implements FileSystem {
  readonly #inner: FileSystem;
  readonly #protected: readonly string[];
  readonly #allowed: ReadonlySet<string>;

  /** `allowed`: files inside a protected directory that plugins do own (the global memory file). */
  constructor(inner: FileSystem, protectedDirs: readonly string[], allowed: readonly string[] = []) {
    this.#inner = inner;
    this.#protected = protectedDirs;
    this.#allowed = new Set(allowed);
  }

  async readText(path: string, signal: AbortSignal): Promise<string> {
    await this.#check(path, signal);
    await this.#checkLinks(path, signal);
    return this.#inner.readText(path, signal);
  }

  async readBytes(path: string, signal: AbortSignal): Promise<Uint8Array> {
    await this.#check(path, signal);
    await this.#checkLinks(path, signal);
    return this.#inner.readBytes(path, signal);
  }

  async writeTextAtomic(path: string, content: string, signal: AbortSignal): Promise<void> {
    await this.#check(path, signal);
    await this.#checkLinks(path, signal);
    return this.#inner.writeTextAtomic(path, content, signal);
  }

  async removeWriteLeftovers(path: string, signal: AbortSignal): Promise<void> {
    await this.#check(path, signal);
    return this.#inner.removeWriteLeftovers(path, signal);
  }

  async stat(path: string, signal: AbortSignal): Promise<FileStat | null> {
    await this.#check(path, signal);
    return this.#inner.stat(path, signal);
  }

  realPath(path: string, signal: AbortSignal): Promise<string> {
    return this.#inner.realPath(path, signal);
  }

  async remove(path: string, options: { recursive: boolean }, signal: AbortSignal): Promise<void> {
    await this.#check(path, signal);
    // A recursive delete of a parent would take the protected directory with it.
    if (options.recursive) {
      const real = await this.#inner.realPath(path, signal);
      if (this.#protected.some((dir) => isInside(real, dir))) throw new Error(`${path} contains Ursa's data directory, which tools may not change.`);
    }
    return this.#inner.remove(path, options, signal);
  }

  async makeDirectory(path: string, signal: AbortSignal): Promise<void> {
    await this.#check(path, signal);
    return this.#inner.makeDirectory(path, signal);
  }

  async readDir(path: string, signal: AbortSignal): Promise<DirEntry[]> {
    await this.#check(path, signal);
    const real = await this.#inner.realPath(path, signal);
    return (await this.#inner.readDir(path, signal)).filter((entry) => !this.#isProtected(`${real}/${entry.name}`));
  }

  async *walk(start: string, options: WalkOptions, signal: AbortSignal): AsyncIterable<WalkEntry> {
    await this.#check(start, signal);
    const real = await this.#inner.realPath(start, signal);
    // The walk does not follow symlinks, so below a real start every entry's path is real too.
    const offset = real.length - start.length;
    for await (const entry of this.#inner.walk(start, options, signal)) {
      if (!this.#isProtected(offset === 0 ? entry.path : real + entry.path.slice(start.length))) yield entry;
    }
  }

  async *readTexts(paths: Iterable<string>, signal: AbortSignal): AsyncIterable<TextFile> {
    const allowed: string[] = [];
    for (const path of paths) {
      if (this.#isProtected(path)) continue;
      allowed.push(path);
    }
    yield* this.#inner.readTexts(allowed, signal);
  }

  async #check(path: string, signal: AbortSignal): Promise<void> {
    if (this.#isProtected(path) || this.#isProtected(await this.#inner.realPath(path, signal))) {
      throw new Error(`${path} is inside Ursa's data directory, which tools may not read or change.`);
    }
  }

  /** Refuses a file with more than one name when one of its names is inside a protected directory. */
  async #checkLinks(path: string, signal: AbortSignal): Promise<void> {
    const stat = await this.#inner.stat(path, signal);
    if (!stat || stat.kind !== "file" || stat.identity === undefined || (stat.links ?? 1) < 2) return;
    for (const dir of this.#protected) {
      if ((await this.#inner.stat(dir, signal))?.kind !== "directory") continue;
      // Installed plugins' files are not secrets, and there may be many of them.
      for await (const entry of this.#inner.walk(dir, { skipDirs: ["plugins", "node_modules"] }, signal)) {
        if (entry.kind !== "file" || this.#allowed.has(entry.path)) continue;
        const other = await this.#inner.stat(entry.path, signal).catch(() => null);
        if (other?.identity === stat.identity) {
          throw new Error(`${path} is a hard link to ${entry.path} in Ursa's data directory, which tools may not read or change.`);
        }
      }
    }
  }

  #isProtected(path: string): boolean {
    return !this.#allowed.has(path) && this.#protected.some((dir) => isInside(dir, path));
  }
}
