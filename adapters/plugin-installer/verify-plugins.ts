import { checkStoredFiles, storeDir } from "./plugin-store.ts";
import { readInstalled, type InstallerEnv, type PluginScope } from "./plugin-scopes.ts";

/** The outcome of re-hashing one installed plugin against its lockfile entry. */
export interface VerifyResult {
  readonly id: string;
  readonly version: string;
  readonly scope: PluginScope;
  readonly ok: boolean;
  /** One explanation per file that differs; empty when ok. */
  readonly explanations: readonly string[];
}

/**
 * Re-hashes every installed plugin's files against the sha256 recorded at install. A file
 * changed, missing or added since means Ursa will not load that plugin; each difference is
 * explained with what to do.
 */
export async function verifyPlugins(env: Pick<InstallerEnv, "dataDir" | "projectRoot" | "signal">): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  for (const { scope, entry } of await readInstalled(env)) {
    const dir = storeDir(env.dataDir, entry.id, entry.version);
    const problems = await checkStoredFiles(dir, entry.files);
    const explanations = problems.map((p) =>
      p.problem === "changed" ? `${p.path} was changed after install (its sha256 differs from the lockfile's)`
      : p.problem === "missing" ? `${p.path} is missing from ${dir}`
      : `${p.path} was added after install (the lockfile does not list it)`);
    results.push({ id: entry.id, version: entry.version, scope, ok: problems.length === 0, explanations });
  }
  return results;
}
