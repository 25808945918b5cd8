import { rm } from "node:fs/promises";
import { fetchTarball } from "./fetch-tarball.ts";
import { updateLockfile, type LockedPlugin } from "./lockfile.ts";
import { projectConsents, recordProjectConsent } from "./project-consent.ts";
import { projectConsentKey } from "../../core/domain/plugin-manifest.ts";
import { printableLine } from "../../core/domain/terminal-text.ts";
import { loadNpmConfig, type NpmConfig } from "./npm-config.ts";
import { checkStoredFiles, storeDir } from "./plugin-store.ts";
import { readInstalled, scopeLockfile, type InstallerEnv, type PluginScope } from "./plugin-scopes.ts";
import { addedPermissions } from "./permission-words.ts";
import { preparePlugin, type PreparedPlugin } from "./prepare-plugin.ts";
import type { PluginPermissions } from "./sandbox-port.ts";
import { lockedResolved } from "./resolved-location.ts";
import { parsePluginSpec } from "./spec.ts";
import { findToolClashes, type TakenName } from "./tool-clash.ts";

/** Memoises npm's configuration: read once, and only when an npm spec or registry URL needs it. */
export function npmConfigLoader(env: InstallerEnv): () => Promise<NpmConfig> {
  let config: Promise<NpmConfig> | undefined;
  return () => (config ??= loadNpmConfig({ env: env.env, cwd: env.cwd, home: env.home, signal: env.signal }));
}

/**
 * Fetches, checks, stages and inspects every spec, then checks their tool names against Ursa's
 * tools and each other. All or nothing: if one is refused, the others' staging is removed too.
 * The result is shown on the consent screen, then committed or discarded.
 */
export async function preparePlugins(specs: readonly string[], scope: PluginScope, env: InstallerEnv, options: { stageIn?: string } = {}): Promise<PreparedPlugin[]> {
  const npm = npmConfigLoader(env);
  const lockedIntegrity = await lockedIntegrityLookup(env);
  const prepared: PreparedPlugin[] = [];
  // Load Ursa's own tool names while the network and the sandbox work; the clash check needs them last.
  env.reservedTools().catch(() => {});
  try {
    for (const spec of specs) {
      const source = parsePluginSpec(spec, env.cwd, env.home);
      prepared.push(await preparePlugin({ spec, tarball: await fetchTarball(source, npm, env.signal), dataDir: env.dataDir, sandbox: await env.sandbox(), lockedIntegrity, ...options, signal: env.signal }));
    }
    await checkClashes(prepared, scope, env);
    return prepared;
  } catch (error) {
    await discardAll(prepared);
    throw error;
  }
}

/** What the lockfiles (both scopes) record as the integrity of each installed package version. */
export async function lockedIntegrityLookup(env: InstallerEnv): Promise<(name: string, version: string) => string | undefined> {
  const known = new Map((await readInstalled(env)).map(({ entry }) => [`${entry.name}@${entry.version}`, entry.integrity]));
  return (name, version) => known.get(`${name}@${version}`);
}

export async function discardAll(prepared: readonly PreparedPlugin[]): Promise<void> {
  for (const plugin of prepared) await plugin.staged.discard();
}

/**
 * Which of the prepared plugins the scope already has exactly as prepared and able to run: the
 * same id and version, the same bytes (integrity) and the same grants, enabled, its files in
 * the store as installed, and, for a project plugin, this machine's consent to them (a project
 * lockfile comes with the repository). Adding one again would change nothing, so it is neither
 * shown for consent nor committed; a disabled, missing or modified copy is installed again.
 */
export async function findAlreadyInstalled(prepared: readonly PreparedPlugin[], scope: PluginScope, env: InstallerEnv): Promise<Set<PreparedPlugin>> {
  const installed = new Set<string>();
  for (const { entry } of (await readInstalled(env)).filter((p) => p.scope === scope && p.entry.enabled)) {
    if ((await checkStoredFiles(storeDir(env.dataDir, entry.id, entry.version), entry.files)).length === 0) installed.add(projectConsentKey(entry));
  }
  const consented = scope === "project" ? await projectConsents(env.dataDir, env.projectRoot) : installed;
  const key = (plugin: PreparedPlugin) => projectConsentKey({ id: plugin.id, version: plugin.pkg.version, integrity: plugin.integrity, granted: plugin.pkg.manifest.permissions });
  return new Set(prepared.filter((plugin) => installed.has(key(plugin)) && consented.has(key(plugin))));
}

/**
 * What each prepared plugin asks for beyond what its installed copy in the scope was granted
 * (an `add` of another version), by id: the consent screen marks those lines
 * "(NEW: not granted before)" as `update` does. A project's copy counts only if this machine
 * allowed it: the lockfile's grants are not this user's otherwise.
 */
export async function grantsBeyondInstalled(prepared: readonly PreparedPlugin[], scope: PluginScope, env: InstallerEnv): Promise<Map<string, PluginPermissions>> {
  const allowedHere = scope === "project" ? await projectConsents(env.dataDir, env.projectRoot) : null;
  const granted = new Map<string, PluginPermissions>();
  for (const { entry } of (await readInstalled(env)).filter((p) => p.scope === scope)) {
    if (allowedHere === null || allowedHere.has(projectConsentKey(entry))) granted.set(entry.id, entry.granted);
  }
  const added = new Map<string, PluginPermissions>();
  for (const plugin of prepared) {
    const before = granted.get(plugin.id);
    if (before) added.set(plugin.id, addedPermissions(before, plugin.pkg.manifest.permissions));
  }
  return added;
}

/** What `ursa plugin add` and the dashboard's `/plugin add` say for a plugin findAlreadyInstalled found. */
export function alreadyInstalledLine(plugin: PreparedPlugin, scope: PluginScope): string {
  return `already installed: ${printableLine(`${plugin.pkg.name}@${plugin.pkg.version}`)} (plugin ${plugin.id}, ${scope === "user" ? "for you" : "in this project"})`;
}

/** Refuses tool names that clash (named), and a plugin id being installed twice. */
export async function checkClashes(prepared: readonly PreparedPlugin[], scope: PluginScope, env: InstallerEnv): Promise<void> {
  const ids = new Set<string>();
  for (const plugin of prepared) {
    if (ids.has(plugin.id)) throw new Error(`two of the specs are the same plugin ${plugin.id}; add it once`);
    ids.add(plugin.id);
  }
  const installed = await readInstalled(env);
  const taken: TakenName[] = [...(await env.reservedTools())];
  for (const { scope: where, entry } of installed) {
    if (ids.has(entry.id) && where === scope) continue; // replaced by this install
    if (ids.has(entry.id)) throw new Error(`${entry.id} is already installed ${where === "user" ? "for the user" : "in this project"}; remove it there first (ursa plugin remove ${entry.id}${where === "project" ? " --project" : ""})`);
    for (const tool of entry.tools) taken.push({ name: tool.name, owner: `the tool ${tool.name} of the installed plugin ${entry.id}` });
  }
  const clashes = findToolClashes(prepared, taken);
  if (clashes.length > 0) throw new Error(`refused: ${clashes.join("; ")}`);
}

/**
 * Moves the staged packages into the store and records them, with the permissions granted now,
 * in the scope's lockfile (one atomic write). A replaced version's folder is removed after.
 * An install turns the plugin on; an update (`keepEnabled`) keeps the user's on/off choice.
 */
export async function commitPlugins(prepared: readonly PreparedPlugin[], scope: PluginScope, env: InstallerEnv, options: { readonly keepEnabled?: boolean } = {}): Promise<LockedPlugin[]> {
  const now = new Date().toISOString();
  const entries: LockedPlugin[] = [];
  const replaced: LockedPlugin[] = [];
  try {
    for (const plugin of prepared) {
      await plugin.staged.commit(plugin.id, plugin.pkg.version);
      entries.push({
        id: plugin.id,
        kind: plugin.pkg.manifest.kind,
        name: plugin.pkg.name,
        spec: plugin.spec,
        version: plugin.pkg.version,
        resolved: lockedResolved(plugin.resolved, scope, env.projectRoot),
        integrity: plugin.integrity,
        files: plugin.staged.files,
        main: plugin.pkg.manifest.main,
        permissions: plugin.pkg.manifest.permissions,
        // Consent is all or nothing: what the manifest asks for is what was accepted.
        granted: plugin.pkg.manifest.permissions,
        grantedAt: now,
        enabled: true,
        tools: plugin.tools,
      });
    }
    await updateLockfile(scopeLockfile(scope, env), (plugins) => {
      entries.forEach((fresh, i) => {
        const old = plugins[fresh.id];
        if (old && old.version !== fresh.version) replaced.push(old);
        const entry = options.keepEnabled && old ? { ...fresh, enabled: old.enabled } : fresh;
        entries[i] = entry;
        plugins[entry.id] = entry;
      });
    });
  } catch (error) {
    await discardAll(prepared);
    throw error;
  }
  for (const old of replaced) await removeStoreIfUnused(old.id, old.version, env);
  if (scope === "project") await recordProjectConsent(env.dataDir, env.projectRoot, entries);
  return entries;
}

/** Deletes `<id>@<version>` from the store unless a lockfile of either scope still names it. */
export async function removeStoreIfUnused(id: string, version: string, env: InstallerEnv): Promise<void> {
  const stillUsed = (await readInstalled(env)).some((p) => p.entry.id === id && p.entry.version === version);
  if (!stillUsed) await rm(storeDir(env.dataDir, id, version), { recursive: true, force: true });
}
