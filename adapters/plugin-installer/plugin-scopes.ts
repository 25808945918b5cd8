import { lockfilePath, readLockfile, type LockedPlugin } from "./lockfile.ts";
import type { PluginSandbox } from "./sandbox-port.ts";
import type { TakenName } from "./tool-clash.ts";

/** "user": the data directory's lockfile; "project": `<project>/.ursa/plugins.lock.json`. */
export type PluginScope = "user" | "project";

/** Where the installer works, and what it must not clash with. */
export interface InstallerEnv {
  readonly dataDir: string;
  readonly projectRoot: string;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Tool names Ursa already has apart from plugins (the built-ins), with who owns them. */
  /** Loaded only by the commands that install: listing or removing needs neither. */
  readonly reservedTools: () => Promise<readonly TakenName[]>;
  /** Checks manifests and inspects plugins (adapters/plugin-sandbox, passed in by the composition root). */
  readonly sandbox: () => Promise<PluginSandbox>;
  readonly signal: AbortSignal;
}

export function scopeLockfile(scope: PluginScope, env: Pick<InstallerEnv, "dataDir" | "projectRoot">): string {
  return scope === "user" ? lockfilePath({ dataDir: env.dataDir }) : lockfilePath({ projectRoot: env.projectRoot });
}

/** A lockfile entry with the scope it was found in. */
export interface ScopedPlugin {
  readonly scope: PluginScope;
  readonly entry: LockedPlugin;
}

/** Every plugin in the user's and the project's lockfiles (both load together in a session). */
export async function readInstalled(env: Pick<InstallerEnv, "dataDir" | "projectRoot" | "signal">): Promise<ScopedPlugin[]> {
  const found: ScopedPlugin[] = [];
  for (const scope of ["user", "project"] as const) {
    const lock = await readLockfile(scopeLockfile(scope, env), env.signal);
    for (const entry of Object.values(lock.plugins)) found.push({ scope, entry });
  }
  return found;
}

/** Finds an installed plugin by id; a scope narrows it, and an id in both scopes needs one. */
export async function findInstalled(id: string, scope: PluginScope | undefined, env: Pick<InstallerEnv, "dataDir" | "projectRoot" | "signal">): Promise<ScopedPlugin> {
  const matches = (await readInstalled(env)).filter((p) => p.entry.id === id && (scope === undefined || p.scope === scope));
  if (matches.length === 0) throw new Error(`no plugin ${id} is installed${scope === "project" ? " in this project" : scope === "user" ? " for the user" : ""} (see ursa plugin list)`);
  if (matches.length > 1) throw new Error(`${id} is installed both for the user and in this project; add --project for the project's copy or --user for yours`);
  return matches[0]!;
}
