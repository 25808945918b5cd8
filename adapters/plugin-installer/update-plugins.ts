import type { PluginPermissions } from "./sandbox-port.ts";
import { fetchTarball } from "./fetch-tarball.ts";
import { sriOf } from "./integrity.ts";
import { checkClashes, discardAll, lockedIntegrityLookup, npmConfigLoader } from "./install.ts";
import { addedPermissions, isEmptyPermissions } from "./permission-words.ts";
import { readInstalled, type InstallerEnv, type ScopedPlugin } from "./plugin-scopes.ts";
import { preparePlugin, type PreparedPlugin } from "./prepare-plugin.ts";
import { localPathOf } from "./resolved-location.ts";
import { parsePluginSpec, type PluginSource } from "./spec.ts";

/** One installed plugin checked for a newer package: up to date, or prepared (staged) to replace it. */
export type UpdatePlan =
  | { readonly kind: "current"; readonly installed: ScopedPlugin }
  | {
      readonly kind: "update";
      readonly installed: ScopedPlugin;
      readonly prepared: PreparedPlugin;
      /** What the new version asks for beyond what the user granted; consent is needed when not empty. */
      readonly added: PluginPermissions;
      readonly needsConsent: boolean;
    };

/**
 * Looks for a newer package for each plugin: npm specs resolve their range again (so `^1.2.0`
 * moves to the newest 1.x), files, folders and URLs are read again. A changed package is fully
 * checked and staged like a new install; it must keep its plugin id. Nothing is committed here.
 */
export async function planUpdates(ids: readonly string[] | "all", env: InstallerEnv): Promise<UpdatePlan[]> {
  const installed = await readInstalled(env);
  const targets = ids === "all" ? installed : ids.map((id) => {
    const found = installed.filter((p) => p.entry.id === id);
    if (found.length === 0) throw new Error(`no plugin ${id} is installed (see ursa plugin list)`);
    return found;
  }).flat();
  const npm = npmConfigLoader(env);
  const lockedIntegrity = await lockedIntegrityLookup(env);
  const plans: UpdatePlan[] = [];
  try {
    for (const target of targets) {
      const { entry } = target;
      const tarball = await fetchTarball(sourceOf(entry.spec, entry.resolved, env), npm, env.signal);
      if ((await sriOf("sha512", tarball.bytes)) === entry.integrity) {
        plans.push({ kind: "current", installed: target });
        continue;
      }
      const prepared = await preparePlugin({ spec: entry.spec, tarball, dataDir: env.dataDir, sandbox: await env.sandbox(), lockedIntegrity, signal: env.signal });
      plans.push({ kind: "update", installed: target, prepared, added: addedPermissions(entry.granted, prepared.pkg.manifest.permissions), needsConsent: false });
      if (prepared.id !== entry.id) throw new Error(`${entry.spec} is now the plugin ${prepared.id}, not ${entry.id}; remove ${entry.id} and add it anew`);
      await checkClashes([prepared], target.scope, env);
    }
  } catch (error) {
    await discardAll(plans.flatMap((p) => (p.kind === "update" ? [p.prepared] : [])));
    throw error;
  }
  return plans.map((p) => (p.kind === "update" ? { ...p, needsConsent: !isEmptyPermissions(p.added) } : p));
}

/** npm specs are resolved again from their range; anything else from where it was found (a relative ./dir was relative to another cwd). */
function sourceOf(spec: string, resolved: string, env: InstallerEnv): PluginSource {
  if (spec.startsWith("npm:")) return parsePluginSpec(spec, env.cwd, env.home);
  const path = localPathOf(resolved, env.projectRoot);
  if (path !== null) {
    return /\.(tgz|tar\.gz)$/i.test(path) ? { kind: "file", spec, path } : { kind: "dir", spec, path };
  }
  return { kind: "url", spec, url: resolved };
}
