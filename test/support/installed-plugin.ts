import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseManifest, type PluginPermissions, type ToolSummary } from "../../adapters/plugin-sandbox/mod.ts";
import { PLUGIN_PACKAGES } from "./sandbox.ts";

/**
 * Puts a fixture package in place as `ursa plugin add` would leave it (store folder, user
 * lockfile entry with per-file hashes and cached tools), without the installer: the sandbox's
 * tests do not depend on it.
 */
export function installFixture(dataDir: string, name: string, entry: { id: string; granted: PluginPermissions; tools: ToolSummary[]; enabled?: boolean; from?: string }): string {
  const source = entry.from ?? join(PLUGIN_PACKAGES, name);
  const manifest = parseManifest(JSON.parse(readFileSync(join(source, "package.json"), "utf8")));
  const dir = join(dataDir, "plugin-store", `${entry.id}@1.0.0`);
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (statSync(join(dir, file)).isFile()) files[file] = `sha256-${createHash("sha256").update(readFileSync(join(dir, file))).digest("base64")}`;
  }
  const lockPath = join(dataDir, "plugins.lock.json");
  let lock = { lockfileVersion: 1, plugins: {} as Record<string, unknown> };
  try {
    lock = JSON.parse(readFileSync(lockPath, "utf8"));
  } catch {
    // A first plugin: a new lockfile.
  }
  lock.plugins[entry.id] = {
    id: entry.id, kind: manifest.kind, name: `@ursa-test/${name}`, spec: `./${name}`, version: "1.0.0",
    resolved: `file://${source}`, integrity: "sha512-not-checked-at-load", files, main: manifest.main,
    permissions: manifest.permissions, granted: entry.granted, grantedAt: new Date(0).toISOString(), enabled: entry.enabled ?? true, tools: entry.tools,
  };
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  return dir;
}
