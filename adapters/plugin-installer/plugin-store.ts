import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { sriOf } from "./integrity.ts";
import type { PackageFile } from "./tarball.ts";

/** `$URSA_HOME/plugin-store/`: one read-only folder per installed `<id>@<version>`. */
export function storeRoot(dataDir: string): string {
  return join(dataDir, "plugin-store");
}

export function storeDir(dataDir: string, id: string, version: string): string {
  const dir = join(storeRoot(dataDir), `${id}@${version}`);
  // Checked where ids and versions are read too; here as the last word before anything is written or removed.
  if (dirname(dir) !== storeRoot(dataDir)) throw new Error(`${JSON.stringify(`${id}@${version}`)} is not a plugin id and version`);
  return dir;
}

/** A package unpacked into a staging folder of the store, not yet installed. */
export interface StagedPackage {
  readonly dir: string;
  /** sha256 SRI per file, as the lockfile records them. */
  readonly files: Readonly<Record<string, string>>;
  /** Moves it to its final place; replaces an earlier copy of the same id and version. */
  commit(id: string, version: string): Promise<string>;
  /** Removes the staging folder (after a refusal, or after commit: then it is a no-op). */
  discard(): Promise<void>;
}

/**
 * Writes a package's files into a fresh staging folder inside the store (the same file system,
 * so committing is one rename) and makes them read-only. Until `commit`, nothing a running
 * Ursa reads has changed. `stageIn` puts the staging folder elsewhere (the temp directory for
 * `ursa plugin info`, which must leave the data directory untouched; such a copy is never committed).
 */
export async function stagePackage(dataDir: string, packageFiles: readonly PackageFile[], stageIn = storeRoot(dataDir)): Promise<StagedPackage> {
  await removeStaleStaging(stageIn);
  const dir = join(stageIn, `.staging-${randomBytes(6).toString("hex")}`);
  const files: Record<string, string> = {};
  try {
    for (const file of packageFiles) {
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.bytes, { flag: "wx" });
      await chmod(target, file.executable ? 0o555 : 0o444);
      files[file.path] = await sriOf("sha256", file.bytes);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let committed = false;
  return {
    dir,
    files,
    async commit(id, version) {
      const final = storeDir(dataDir, id, version);
      await rm(final, { recursive: true, force: true });
      await rename(dir, final);
      committed = true;
      return final;
    },
    async discard() {
      if (!committed) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Staging folders left by an install that was killed; an hour is far longer than any install. */
async function removeStaleStaging(parent: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const name of entries.filter((n) => n.startsWith(".staging-"))) {
    const info = await stat(join(parent, name)).catch(() => null);
    if (info && Date.now() - info.mtimeMs > 60 * 60 * 1000) await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** A difference between the store and the lockfile's per-file hashes. */
export interface FileProblem {
  readonly path: string;
  readonly problem: "changed" | "missing" | "added";
}

/** Re-hashes an installed package's files against the hashes recorded at install. */
export async function checkStoredFiles(dir: string, expected: Readonly<Record<string, string>>): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const [path, hash] of Object.entries(expected)) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, path));
    } catch {
      problems.push({ path, problem: "missing" });
      continue;
    }
    if ((await sriOf("sha256", bytes)) !== hash) problems.push({ path, problem: "changed" });
  }
  for (const path of await listFiles(dir)) if (!(path in expected)) problems.push({ path, problem: "added" });
  return problems;
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, path)));
    else found.push(path);
  }
  return found;
}
