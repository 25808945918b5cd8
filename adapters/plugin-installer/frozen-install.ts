import { checkStoredFiles, stagePackage, storeDir } from "./plugin-store.ts";
import { isPluginVersion, PLUGIN_ID } from "../../core/domain/plugin-manifest.ts";
import { recordProjectConsent } from "./project-consent.ts";
import { readLockfile } from "./lockfile.ts";
import { fetchResolved } from "./fetch-tarball.ts";
import { sriOf } from "./integrity.ts";
import { npmConfigLoader } from "./install.ts";
import { scopeLockfile, type InstallerEnv, type PluginScope } from "./plugin-scopes.ts";
import { readPackageTarball } from "./tarball.ts";

/** What `install --frozen` did with one lockfile entry. */
export interface FrozenResult {
  readonly id: string;
  readonly version: string;
  readonly scope: PluginScope;
  readonly action: "installed" | "already installed";
}

/**
 * Puts exactly what the lockfiles say into the store (a new machine, CI): each entry's tarball
 * from its `resolved` location, refused unless it hashes to the locked integrity and its files
 * to the locked per-file hashes. The lockfiles themselves are never changed: permissions stay
 * as they were granted, and nothing is asked. An intact copy already in the store is kept.
 */
export async function installFrozen(scopes: readonly PluginScope[], env: InstallerEnv): Promise<FrozenResult[]> {
  const npm = npmConfigLoader(env);
  const results: FrozenResult[] = [];
  for (const scope of scopes) {
    const lock = await readLockfile(scopeLockfile(scope, env), env.signal);
    for (const entry of Object.values(lock.plugins)) {
      if (!PLUGIN_ID.test(entry.id) || !isPluginVersion(entry.version)) throw new Error(`${scopeLockfile(scope, env)}: ${JSON.stringify(entry.id)}@${JSON.stringify(entry.version)} is not a plugin id and version; nothing installed`);
      const dir = storeDir(env.dataDir, entry.id, entry.version);
      if ((await checkStoredFiles(dir, entry.files)).length === 0) {
        results.push({ id: entry.id, version: entry.version, scope, action: "already installed" });
        continue;
      }
      const bytes = await fetchResolved(entry.resolved, env.projectRoot, npm, env.signal);
      const integrity = await sriOf("sha512", bytes);
      if (integrity !== entry.integrity) {
        throw new Error(`integrity mismatch for ${entry.id} (${entry.resolved}): the lockfile says ${entry.integrity}, the tarball hashes to ${integrity}; nothing installed for it`);
      }
      const staged = await stagePackage(env.dataDir, await readPackageTarball(bytes, env.signal));
      try {
        const differs = Object.keys({ ...staged.files, ...entry.files }).filter((path) => staged.files[path] !== entry.files[path]);
        if (differs.length > 0) throw new Error(`${entry.id}: the tarball's files differ from the lockfile's per-file hashes (${differs.slice(0, 3).join(", ")}); nothing installed for it`);
        await staged.commit(entry.id, entry.version);
      } finally {
        await staged.discard();
      }
      results.push({ id: entry.id, version: entry.version, scope, action: "installed" });
    }
    // Installing a project's lockfile here is this user's agreement to run what it pins.
    if (scope === "project") await recordProjectConsent(env.dataDir, env.projectRoot, Object.values(lock.plugins));
  }
  return results;
}
