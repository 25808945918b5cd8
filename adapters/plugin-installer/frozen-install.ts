import { checkStoredFiles, stagePackage, storeDir, type StagedPackage } from "./plugin-store.ts";
import { isPluginVersion, lockedGrant, PLUGIN_ID, projectConsentKey } from "../../core/domain/plugin-manifest.ts";
import type { ConsentSubject } from "./consent-screen.ts";
import { projectConsents, recordProjectConsent } from "./project-consent.ts";
import { readLockfile, type LockedPlugin } from "./lockfile.ts";
import { fetchResolved } from "./fetch-tarball.ts";
import { sriOf } from "./integrity.ts";
import { npmConfigLoader } from "./install.ts";
import type { NpmConfig } from "./npm-config.ts";
import { checkPluginPackage } from "./package-checks.ts";
import { scopeLockfile, type InstallerEnv, type PluginScope } from "./plugin-scopes.ts";
import { readPackageTarball, type PackageFile } from "./tarball.ts";

/** What `install --frozen` did with one lockfile entry. */
export interface FrozenResult {
  readonly id: string;
  readonly version: string;
  readonly scope: PluginScope;
  /** "not allowed": a project's plugin the user did not allow on this machine; nothing of it was stored. */
  readonly action: "installed" | "already installed" | "not allowed";
}

/**
 * Asked once for each plugin of the project's lockfile that this machine's user has not allowed
 * (those exact bytes and grants), with what the consent screen shows; true allows it.
 */
export type AllowProjectPlugin = (plugin: ConsentSubject) => Promise<boolean>;

/**
 * Puts exactly what the lockfiles say into the store (a new machine, CI): each entry's tarball
 * from its `resolved` location, refused unless it hashes to the locked integrity and its files
 * to the locked per-file hashes. The lockfiles themselves are never changed. A project's
 * lockfile comes with the repository, so whoever wrote it chose its grants: each of its plugins
 * this machine has not allowed is verified and staged, then put to `allow`, and stored and
 * recorded as allowed only if it says yes. An intact copy already allowed is kept, unasked.
 */
export async function installFrozen(scopes: readonly PluginScope[], env: InstallerEnv, allow: AllowProjectPlugin): Promise<FrozenResult[]> {
  const npm = npmConfigLoader(env);
  const results: FrozenResult[] = [];
  for (const scope of scopes) {
    const lock = await readLockfile(scopeLockfile(scope, env), env.signal);
    const allowedHere = scope === "project" ? await projectConsents(env.dataDir, env.projectRoot) : null;
    for (const written of Object.values(lock.plugins)) {
      // A project's lockfile may be written by hand: its grants are read as the loader reads them.
      const entry: LockedPlugin = { ...written, granted: lockedGrant(written.granted), tools: Array.isArray(written.tools) ? written.tools : [] };
      if (!PLUGIN_ID.test(entry.id) || !isPluginVersion(entry.version)) throw new Error(`${scopeLockfile(scope, env)}: ${JSON.stringify(entry.id)}@${JSON.stringify(entry.version)} is not a plugin id and version; nothing installed`);
      const result = { id: entry.id, version: entry.version, scope };
      const needsConsent = allowedHere !== null && !allowedHere.has(projectConsentKey(entry));
      if (!needsConsent && (await checkStoredFiles(storeDir(env.dataDir, entry.id, entry.version), entry.files)).length === 0) {
        results.push({ ...result, action: "already installed" });
        continue;
      }
      const { staged, files, tarballBytes } = await fetchLocked(entry, env, npm);
      try {
        if (needsConsent && !(await allow(await consentSubjectOf(entry, files, tarballBytes, env)))) {
          results.push({ ...result, action: "not allowed" });
          continue;
        }
        await staged.commit(entry.id, entry.version);
        if (needsConsent) await recordProjectConsent(env.dataDir, env.projectRoot, [entry]);
      } finally {
        await staged.discard();
      }
      results.push({ ...result, action: "installed" });
    }
  }
  return results;
}

/** Fetches and stages one entry's tarball, refused unless it hashes to the locked integrity and its files to the locked per-file hashes. */
async function fetchLocked(entry: LockedPlugin, env: InstallerEnv, npm: () => Promise<NpmConfig>): Promise<{ staged: StagedPackage; files: PackageFile[]; tarballBytes: number }> {
  const bytes = await fetchResolved(entry.resolved, env.projectRoot, npm, env.signal);
  const integrity = await sriOf("sha512", bytes);
  if (integrity !== entry.integrity) {
    throw new Error(`integrity mismatch for ${entry.id} (${entry.resolved}): the lockfile says ${entry.integrity}, the tarball hashes to ${integrity}; nothing installed for it`);
  }
  const files = await readPackageTarball(bytes, env.signal);
  const staged = await stagePackage(env.dataDir, files);
  const differs = Object.keys({ ...staged.files, ...entry.files }).filter((path) => staged.files[path] !== entry.files[path]);
  if (differs.length > 0) {
    await staged.discard();
    throw new Error(`${entry.id}: the tarball's files differ from the lockfile's per-file hashes (${differs.slice(0, 3).join(", ")}); nothing installed for it`);
  }
  return { staged, files, tarballBytes: bytes.byteLength };
}

/**
 * A verified entry as the consent screen shows it: the grants are the lockfile's (what Ursa
 * will enforce), the name and scripts the package's own, after the checks `add` makes.
 */
async function consentSubjectOf(entry: LockedPlugin, files: readonly PackageFile[], tarballBytes: number, env: InstallerEnv): Promise<ConsentSubject> {
  const pkg = checkPluginPackage(files, `${entry.id} (${entry.resolved})`, await env.sandbox());
  return {
    id: entry.id, name: pkg.name, version: entry.version, kind: pkg.manifest.kind, resolved: entry.resolved, integrity: entry.integrity,
    tarballBytes, fileCount: files.length, installScripts: pkg.installScripts, tools: entry.tools, permissions: entry.granted,
  };
}
