import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { dirname, join } from "node:path";
import { LOCKFILE_VERSION, parseLockfile, type LockfileShape } from "../../core/domain/plugin-lockfile.ts";
import type { PluginKind, PluginPermissions, ToolSummary } from "./sandbox-port.ts";

export { LOCKFILE_VERSION };

/** One installed plugin as `plugins.lock.json` records it (docs/plugins.md, "The lockfile"). */
export interface LockedPlugin {
  readonly id: string;
  readonly kind: PluginKind;
  /** The npm package name. */
  readonly name: string;
  /** What the user typed. */
  readonly spec: string;
  readonly version: string;
  /** Where the tarball came from: a registry URL, https URL, file:///abs.tgz or file:///abs/dir. */
  readonly resolved: string;
  /** sha512 SRI of the tarball; equal to the registry's dist.integrity and to `npm pack`'s. */
  readonly integrity: string;
  /** sha256 SRI of every file in the package, by its path inside the package. */
  readonly files: Readonly<Record<string, string>>;
  readonly main: string;
  readonly permissions: PluginPermissions;
  readonly granted: PluginPermissions;
  readonly grantedAt: string;
  readonly enabled: boolean;
  readonly tools: readonly ToolSummary[];
}

export type Lockfile = LockfileShape<LockedPlugin>;

/** The user's lockfile lives in the data directory; a project's in its `.ursa/` folder. */
export function lockfilePath(scope: { dataDir: string } | { projectRoot: string }): string {
  return "dataDir" in scope ? join(scope.dataDir, "plugins.lock.json") : join(scope.projectRoot, ".ursa", "plugins.lock.json");
}

/** Reads a lockfile; a missing one is empty. A damaged one is an error naming the file, never silently replaced. */
export async function readLockfile(path: string, signal?: AbortSignal): Promise<Lockfile> {
  let text: string;
  try {
    text = await readFile(path, { encoding: "utf8", signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lockfileVersion: LOCKFILE_VERSION, plugins: {} };
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseLockfile(text) as Lockfile;
  } catch (error) {
    const what = (error as Error).message;
    throw new Error(`${path} ${what}${what.startsWith("is not valid JSON") ? "; fix or remove it" : ""}`);
  }
}

/** Writes the whole lockfile atomically: a reader sees the old file or the new one, never half of one. */
export async function writeLockfile(path: string, lock: Lockfile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(lock.plugins).sort(([a], [b]) => (a < b ? -1 : 1)));
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ lockfileVersion: LOCKFILE_VERSION, plugins: sorted }, null, 2)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Applies a change to one lockfile: read, change, write atomically, holding `<lockfile>.lock`
 * so that two `ursa plugin` commands at once cannot lose each other's entries.
 */
export async function updateLockfile(path: string, change: (plugins: Record<string, LockedPlugin>) => void): Promise<void> {
  await withLock(path, async () => {
    const plugins = { ...(await readLockfile(path)).plugins };
    change(plugins);
    await writeLockfile(path, { lockfileVersion: LOCKFILE_VERSION, plugins });
  });
}

// A lock older than this was left by a command that was killed; no change takes so long.
const STALE_LOCK_MS = 30_000;

async function withLock(path: string, fn: () => Promise<void>): Promise<void> {
  const lock = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await (await open(lock, "wx")).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = await stat(lock).catch(() => null);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (attempt >= 200) throw new Error(`${path} is being changed by another ursa plugin command; if none is running, remove ${lock}`);
      else await sleep(25);
    }
  }
  try {
    await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
