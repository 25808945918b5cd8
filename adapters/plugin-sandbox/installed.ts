import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseLockfile } from "../../core/domain/plugin-lockfile.ts";
import { isPluginVersion, lockedGrant, parseManifest, PLUGIN_ID, projectConsentKey } from "../../core/domain/plugin-manifest.ts";
import type { InstalledPlugin } from "./sandboxed-plugin.ts";
import type { ToolSummary } from "./tool-summary.ts";

/** What Ursa loads at start from the lockfiles: the plugins to offer, and one line per plugin it will not load. */
export interface InstalledSet {
  readonly plugins: readonly (InstalledPlugin & { readonly scope: "user" | "project" })[];
  readonly problems: readonly string[];
}

/**
 * Reads the user's (`$URSA_HOME/plugins.lock.json`) and the project's
 * (`<project>/.ursa/plugins.lock.json`) lockfiles and checks each enabled plugin's files in
 * `$URSA_HOME/plugin-store/<id>@<version>/` against their sha256 (with the installer's check, which
 * the composition root passes in): a plugin whose files changed
 * since install is not loaded (`ursa plugin verify` says what changed). A project entry with
 * the id of a user entry is the one used (the project pinned it).
 */
/** The files of a store folder that differ from the lockfile's hashes, as "path", "path (missing)", "path (added)". */
export type CheckStoredFiles = (dir: string, expected: Readonly<Record<string, string>>) => Promise<string[]>;

export async function readInstalledPlugins(dataDir: string, projectRoot: string, signal: AbortSignal, checkFiles: CheckStoredFiles, projectConsents: ReadonlySet<string> = new Set()): Promise<InstalledSet> {
  const problems: string[] = [];
  const byId = new Map<string, InstalledPlugin & { scope: "user" | "project" }>();
  for (const [scope, path] of [["user", join(dataDir, "plugins.lock.json")], ["project", join(projectRoot, ".ursa", "plugins.lock.json")]] as const) {
    let entries: Readonly<Record<string, unknown>>;
    try {
      entries = await readLock(path, signal);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    for (const [key, raw] of Object.entries(entries)) {
      const entry = raw as Record<string, unknown>;
      const id = typeof entry["id"] === "string" ? entry["id"] : key;
      if (entry["enabled"] === false) continue;
      try {
        if (!PLUGIN_ID.test(id) || !isPluginVersion(String(entry["version"] ?? ""))) throw new Error(`${JSON.stringify(id)}@${JSON.stringify(entry["version"])} is not a plugin id and version`);
        // A project's lockfile comes with the repository: only what this user agreed to here runs.
        if (scope === "project" && !projectConsents.has(projectConsentKey({ id, version: String(entry["version"]), integrity: String(entry["integrity"] ?? ""), granted: lockedGrant(entry["granted"]) }))) {
          throw new Error(`${path} pins it, but it was not allowed on this machine; run ursa plugin install --frozen in the project to review and allow it`);
        }
        const plugin = await checkEntry(dataDir, id, entry, checkFiles, signal);
        byId.set(id, { ...plugin, scope });
      } catch (error) {
        problems.push(`plugin ${id} is not loaded: ${(error as Error).message}`);
        byId.delete(id);
      }
    }
  }
  return { plugins: [...byId.values()], problems };
}

async function readLock(path: string, signal: AbortSignal): Promise<Readonly<Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(path, { encoding: "utf8", signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`plugins in ${path} are not loaded: ${(error as Error).message}`);
  }
  try {
    return parseLockfile(text).plugins;
  } catch (error) {
    throw new Error(`plugins in ${path} are not loaded: it ${(error as Error).message}`);
  }
}

async function checkEntry(dataDir: string, id: string, entry: Record<string, unknown>, checkFiles: CheckStoredFiles, signal: AbortSignal): Promise<InstalledPlugin> {
  const version = String(entry["version"] ?? "");
  const dir = join(dataDir, "plugin-store", `${id}@${version}`);
  const files = (entry["files"] ?? {}) as Record<string, string>;
  const changed = await checkFiles(dir, files);
  if (changed.length > 0) throw new Error(`${changed[0]}${changed.length > 1 ? ` and ${changed.length - 1} more` : ""} changed on disk since install; run ursa plugin verify`);
  const manifest = parseManifest(JSON.parse(await readFile(join(dir, "package.json"), { encoding: "utf8", signal })));
  const tools = Array.isArray(entry["tools"]) ? (entry["tools"] as ToolSummary[]) : [];
  return {
    id, version, dir, kind: manifest.kind,
    main: mainOf(entry, manifest.main, files),
    granted: lockedGrant(entry["granted"]),
    tools,
  };
}

/** The entry's main file, which must be one of the files the lockfile hashes. */
function mainOf(entry: Record<string, unknown>, manifestMain: string, files: Readonly<Record<string, string>>): string {
  const main = typeof entry["main"] === "string" ? entry["main"] : manifestMain;
  if (!(main.replace(/^\.\//, "") in files)) throw new Error(`its main file ${main} is not among the files the lockfile hashes`);
  return main;
}
