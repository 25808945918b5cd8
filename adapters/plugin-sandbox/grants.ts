import { isInside, normalizePath } from "../../core/domain/paths.ts";
import type { FileSystem } from "../../core/ports/file-system.ts";
import type { PluginPermissions } from "../../core/domain/plugin-manifest.ts";

/** A plugin's grants made concrete for this run: real absolute paths, host patterns, variable names. */
export interface ResolvedGrants {
  /** Each path grant as written (for messages) and as a real absolute path. */
  readonly read: readonly { readonly label: string; readonly path: string }[];
  readonly write: readonly { readonly label: string; readonly path: string }[];
  readonly net: readonly string[];
  readonly env: readonly string[];
  readonly run: boolean;
}

export interface GrantPlaces {
  readonly projectRoot: string;
  readonly pluginData: string;
  readonly home: string;
}

/** `${project}`, `${pluginData}` and `~/` expanded, then resolved through symlinks (a grant means where it really points). */
export async function resolveGrants(granted: PluginPermissions, places: GrantPlaces, fs: FileSystem, signal: AbortSignal): Promise<ResolvedGrants> {
  const resolve = async (label: string) => ({ label, path: await fs.realPath(expand(label, places), signal) });
  return {
    read: await Promise.all(granted.fs.read.map(resolve)),
    write: await Promise.all(granted.fs.write.map(resolve)),
    net: granted.net,
    env: granted.env,
    run: granted.run,
  };
}

export function expand(path: string, places: GrantPlaces): string {
  const expanded = path
    .replace(/^\$\{project\}/, places.projectRoot)
    .replace(/^\$\{pluginData\}/, places.pluginData)
    .replace(/^~(?=\/|$)/, places.home);
  return normalizePath(expanded);
}

export function coveredBy(grants: readonly { readonly path: string }[], real: string): boolean {
  return grants.some((grant) => isInside(grant.path, real));
}

/** A host name (with its port, when the grant names one) against grants like "api.example.com", "*.example.com", "127.0.0.1:4873". */
export function hostGranted(grants: readonly string[], hostname: string, port: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return grants.some((grant) => {
    const [grantHost = "", grantPort] = grant.split(/:(?=\d+$)/);
    if (grantPort !== undefined && grantPort !== port) return false;
    return grantHost.startsWith("*.") ? name.endsWith(grantHost.slice(1)) : name === grantHost;
  });
}

export function grantLabels(grants: readonly { readonly label: string }[]): string {
  return grants.length === 0 ? "none" : grants.map((g) => g.label).join(", ");
}
