import type { PluginManifest, PluginSandbox } from "./sandbox-port.ts";
import { isPluginVersion } from "../../core/domain/plugin-manifest.ts";
import type { PackageFile } from "./tarball.ts";

/** What Ursa needs from a plugin package's package.json, after checking it is installable. */
export interface CheckedPackage {
  readonly name: string;
  readonly version: string;
  readonly manifest: PluginManifest;
  /** Lifecycle scripts the package declares; Ursa never runs them, and says so. */
  readonly installScripts: readonly string[];
}

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];

/**
 * Refuses, in one line, a package that is not an Ursa plugin (no "ursa-plugin" keyword or no
 * "ursa" key), that needs other packages at run time ("bundle it": one hash must cover all the
 * code that runs), or whose manifest is wrong (API version, main, permissions).
 */
export function checkPluginPackage(files: readonly PackageFile[], origin: string, sandbox: Pick<PluginSandbox, "parseManifest">): CheckedPackage {
  const packageJson = files.find((f) => f.path === "package.json");
  if (!packageJson) throw new Error(`${origin} is not an npm package: it has no package.json`);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(new TextDecoder().decode(packageJson.bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${origin}: package.json is not valid JSON (${(error as Error).message})`);
  }
  const name = typeof pkg["name"] === "string" ? pkg["name"] : "";
  const version = typeof pkg["version"] === "string" ? pkg["version"] : "";
  if (name === "" || version === "") throw new Error(`${origin}: package.json needs a "name" and a "version"`);
  // The version names the store folder: only a semantic version may.
  if (!isPluginVersion(version)) throw new Error(`${origin}: its version ${JSON.stringify(version)} is not a semantic version (like 1.2.0)`);
  const keywords = Array.isArray(pkg["keywords"]) ? pkg["keywords"] : [];
  if (pkg["ursa"] === undefined || !keywords.includes("ursa-plugin")) {
    const missing = pkg["ursa"] === undefined ? `its package.json has no "ursa" key` : `its package.json lacks the keyword "ursa-plugin"`;
    throw new Error(`${name}@${version} is not an Ursa plugin: ${missing}`);
  }
  const runtimeDeps = [
    ...Object.keys(objectOr(pkg["dependencies"])),
    ...Object.keys(objectOr(pkg["optionalDependencies"])),
  ];
  if (runtimeDeps.length > 0) {
    const list = runtimeDeps.slice(0, 3).join(", ") + (runtimeDeps.length > 3 ? ` and ${runtimeDeps.length - 3} more` : "");
    throw new Error(`${name}@${version} has runtime dependencies (${list}): bundle it into one file (e.g. with esbuild) so one hash covers all its code`);
  }
  const manifest = sandbox.parseManifest(pkg);
  if (!files.some((f) => f.path === manifest.main)) throw new Error(`${name}@${version}: its main file ${manifest.main} is not in the package`);
  const scripts = objectOr(pkg["scripts"]);
  return { name, version, manifest, installScripts: INSTALL_SCRIPTS.filter((s) => typeof scripts[s] === "string") };
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
