import { updateLockfile, type LockedPlugin } from "./lockfile.ts";
import { removeStoreIfUnused } from "./install.ts";
import { findInstalled, scopeLockfile, type InstallerEnv, type PluginScope, type ScopedPlugin } from "./plugin-scopes.ts";

/**
 * Forgets an installed plugin: its lockfile entry, then its folder in the store (unless the
 * other scope uses the same version). Its private data folder is kept: it is the user's data.
 */
export async function removePlugin(id: string, scope: PluginScope | undefined, env: InstallerEnv): Promise<ScopedPlugin> {
  const found = await findInstalled(id, scope, env);
  await updateLockfile(scopeLockfile(found.scope, env), (plugins) => {
    delete plugins[id];
  });
  await removeStoreIfUnused(id, found.entry.version, env);
  return found;
}

/** Turns a plugin on or off in its lockfile; Ursa loads only enabled ones. Returns the entry as it was. */
export async function setPluginEnabled(id: string, enabled: boolean, scope: PluginScope | undefined, env: InstallerEnv): Promise<ScopedPlugin> {
  const found = await findInstalled(id, scope, env);
  await updateLockfile(scopeLockfile(found.scope, env), (plugins) => {
    const entry = plugins[id];
    if (entry) plugins[id] = { ...entry, enabled } satisfies LockedPlugin;
  });
  return found;
}
