/** One regular file of a package, by its path inside the package ("dist/plugin.mjs"). */
export interface PackageFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly executable: boolean;
}

/** A tarball Ursa refuses to unpack; the message says which entry and why, in one line. */
export class UnsafeTarballError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeTarballError";
  }
}

const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/**
 * Reads an npm tarball (gzip + tar) entirely in memory, before anything touches the disk.
 * npm packs everything under one top folder (usually `package/`), which is dropped, as npm
 * does. Only regular files and folders are accepted: a link, device or fifo, an absolute
 * name, or a name with a `..` part refuses the whole tarball.
 */
export async function readPackageTarball(tgz: Uint8Array, signal: AbortSignal): Promise<PackageFile[]> {
  const { unpackTar } = await import("modern-tar");
  let tar: Uint8Array;
  try {
    tar = await gunzip(tgz, signal);
  } catch (error) {
    if (signal.aborted || error instanceof UnsafeTarballError) throw error;
    throw new UnsafeTarballError(`the tarball is not valid gzip: ${(error as Error).message}`);
  }
  let entries;
  try {
    entries = await unpackTar(tar, { strict: true });
  } catch (error) {
    throw new UnsafeTarballError(`the tarball is not a valid tar archive: ${(error as Error).message}`);
  }
  const files: PackageFile[] = [];
  const seen = new Set<string>();
  for (const { header, data } of entries) {
    const name = header.name;
    const type = header.type ?? "file";
    if (name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name)) throw new UnsafeTarballError(`refused: the tarball has an absolute entry "${name}"`);
    const parts = name.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
    if (parts.includes("..")) throw new UnsafeTarballError(`refused: the tarball entry "${name}" escapes its folder with ".."`);
    if (type === "symlink" || type === "link") throw new UnsafeTarballError(`refused: the tarball entry "${name}" is a ${type === "symlink" ? "symbolic" : "hard"} link to "${header.linkname ?? ""}"`);
    if (type === "directory") continue;
    if (type !== "file") throw new UnsafeTarballError(`refused: the tarball entry "${name}" is a ${type}, not a regular file`);
    const path = parts.slice(1).join("/");
    if (path === "") throw new UnsafeTarballError(`refused: the tarball entry "${name}" is outside the package folder`);
    if (seen.has(path)) throw new UnsafeTarballError(`refused: the tarball holds "${path}" twice`);
    seen.add(path);
    files.push({ path, bytes: data ?? new Uint8Array(), executable: ((header.mode ?? 0o644) & 0o111) !== 0 });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function gunzip(tgz: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
  const stream = new Blob([tgz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    signal.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // A plugin is one bundled file; a gzip bomb must not fill the memory.
    if (total > MAX_UNPACKED_BYTES) {
      await reader.cancel();
      throw new UnsafeTarballError(`refused: the tarball unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
