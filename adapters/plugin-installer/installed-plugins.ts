import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { PluginPermissions } from "./sandbox-port.ts";
import { checkStoredFiles, storeDir, type FileProblem } from "./plugin-store.ts";
import { readInstalled, type InstallerEnv, type PluginScope } from "./plugin-scopes.ts";

/**
 * "enabled" loads; "disabled" by the user; "modified": files changed on disk since install, so
 * Ursa will not load it (`ursa plugin verify` explains); "missing": in the lockfile but not in
 * the store (`ursa plugin install --frozen`); "unsandboxed": a developer-mode file in the data
 * directory's plugins/ folder, which runs with Ursa's full authority (no permissions checked).
 */
export type PluginStatus = "enabled" | "disabled" | "modified" | "missing" | "unsandboxed";

/** One row of `ursa plugin list` (and of `--json`), and what a dashboard view shows. */
export interface InstalledPluginView {
  readonly id: string;
  readonly version: string | null;
  readonly scope: PluginScope | "developer";
  readonly kind: "tool" | "mcp" | null;
  readonly name: string | null;
  readonly spec: string | null;
  readonly tools: readonly string[];
  readonly granted: PluginPermissions | null;
  readonly status: PluginStatus;
  readonly integrity: string | null;
  /** Calls the sandbox refused, across sessions; null when the caller has no count. */
  readonly deniedAttempts: number | null;
  /** The most recent refusal, e.g. "fs.read /etc/passwd (2026-12-04T20:00:00.000Z)". */
  readonly lastDenied: string | null;
  readonly problems: readonly FileProblem[];
}

/**
 * Every plugin Ursa would load: the lockfiles' (re-hashed against their per-file hashes, which
 * is cheap: one bundled file each) and the developer-mode folder's. The denied attempts come
 * from the sandbox's record (`denied`, by plugin id), when the caller has it.
 */
export async function listInstalledPlugins(
  env: Pick<InstallerEnv, "dataDir" | "projectRoot" | "signal">,
  denied?: Readonly<Record<string, { readonly count: number; readonly last: string; readonly at: string }>>,
): Promise<InstalledPluginView[]> {
  const views: InstalledPluginView[] = [];
  for (const { scope, entry } of await readInstalled(env)) {
    const problems = await checkStoredFiles(storeDir(env.dataDir, entry.id, entry.version), entry.files);
    const missing = problems.length > 0 && problems.every((p) => p.problem === "missing");
    const status: PluginStatus = missing ? "missing" : problems.length > 0 ? "modified" : entry.enabled ? "enabled" : "disabled";
    views.push({
      id: entry.id, version: entry.version, scope, kind: entry.kind, name: entry.name, spec: entry.spec,
      tools: entry.tools.map((t) => t.name), granted: entry.granted, status, integrity: entry.integrity,
      deniedAttempts: denied ? (denied[entry.id]?.count ?? 0) : null,
      lastDenied: denied?.[entry.id] ? `${denied[entry.id]!.last} (${denied[entry.id]!.at})` : null,
      problems,
    });
  }
  for (const file of await developerPlugins(join(env.dataDir, "plugins"))) {
    views.push({
      id: file, version: null, scope: "developer", kind: "tool", name: null, spec: join(env.dataDir, "plugins", file),
      tools: [], granted: null, status: "unsandboxed", integrity: null, deniedAttempts: null, lastDenied: null, problems: [],
    });
  }
  return views;
}

async function developerPlugins(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && /\.(mjs|js)$/.test(entry.name)) found.push(entry.name);
    else if (entry.isDirectory()) {
      const inner = await readdir(join(dir, entry.name)).catch(() => [] as string[]);
      if (inner.includes("index.mjs") || inner.includes("index.js")) found.push(`${entry.name}/`);
    }
  }
  return found.sort();
}
