/**
 * The "ursa" key of a plugin package's package.json, read and normalised (pure, so the installer
 * and the sandbox adapters share it). The installer checks
 * a package with it before anything is written; the sandbox reads the same shape at load.
 */
export type PluginKind = "tool" | "mcp";

export interface PluginPermissions {
  fs: { read: string[]; write: string[] };
  net: string[];
  env: string[];
  run: boolean;
}

export interface PluginManifest {
  apiVersion: number;
  kind: PluginKind;
  main: string;
  permissions: PluginPermissions;
}

/** A package that is not an Ursa plugin, or whose manifest is malformed: the message is one line. */
export class PluginManifestError extends Error {
  override readonly name = "PluginManifestError";
}

const SUPPORTED_API_VERSION = 1;
// Host names as Deno's --allow-net takes them: a name or "*.name", an optional port.
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function noPermissions(): PluginPermissions {
  return { fs: { read: [], write: [] }, net: [], env: [], run: false };
}

export function parseManifest(pkg: unknown): PluginManifest {
  if (!isObject(pkg)) throw new PluginManifestError("package.json is not a JSON object");
  const name = typeof pkg["name"] === "string" ? pkg["name"] : "the package";
  const ursa = pkg["ursa"];
  if (ursa === undefined) throw new PluginManifestError(`${name} is not an Ursa plugin: its package.json has no "ursa" key`);
  if (!isObject(ursa)) throw new PluginManifestError(`${name}: "ursa" in package.json must be an object`);
  const apiVersion = ursa["apiVersion"];
  if (typeof apiVersion !== "number") throw new PluginManifestError(`${name}: "ursa.apiVersion" must be a number (this Ursa implements ${SUPPORTED_API_VERSION})`);
  if (apiVersion !== SUPPORTED_API_VERSION) {
    throw new PluginManifestError(`${name} is written for plugin API ${apiVersion}, but this Ursa implements API ${SUPPORTED_API_VERSION}`);
  }
  const kind = ursa["kind"] ?? "tool";
  if (kind !== "tool" && kind !== "mcp") throw new PluginManifestError(`${name}: "ursa.kind" must be "tool" or "mcp", not ${JSON.stringify(kind)}`);
  const main = kind === "mcp" ? mcpMain(name, pkg, ursa) : ursa["main"];
  if (typeof main !== "string" || main.trim() === "") throw new PluginManifestError(`${name}: "ursa.main" must name the plugin's one ESM file`);
  const normalisedMain = relativeFile(name, main);
  return { apiVersion, kind, main: normalisedMain, permissions: parsePermissions(name, ursa["permissions"]) };
}

/** For an MCP package the server is its `bin` (the only or first entry), unless "ursa.main" names it. */
function mcpMain(name: string, pkg: Record<string, unknown>, ursa: Record<string, unknown>): unknown {
  if (typeof ursa["main"] === "string") return ursa["main"];
  const bin = pkg["bin"];
  if (typeof bin === "string") return bin;
  if (isObject(bin)) {
    const first = Object.values(bin)[0];
    if (typeof first === "string") return first;
  }
  throw new PluginManifestError(`${name}: a "kind": "mcp" package needs a "bin" entry (the stdio MCP server)`);
}

function relativeFile(name: string, main: string): string {
  const path = main.replace(/^\.\//, "");
  if (path.startsWith("/") || path.split("/").includes("..") || path.includes("\\")) {
    throw new PluginManifestError(`${name}: "ursa.main" must be a path inside the package, not ${JSON.stringify(main)}`);
  }
  return path;
}

function parsePermissions(name: string, value: unknown): PluginPermissions {
  const result = noPermissions();
  if (value === undefined) return result;
  if (!isObject(value)) throw new PluginManifestError(`${name}: "ursa.permissions" must be an object`);
  for (const key of Object.keys(value)) {
    if (!["fs", "net", "env", "run"].includes(key)) throw new PluginManifestError(`${name}: unknown permission "${key}" (known: fs, net, env, run)`);
  }
  const fs = value["fs"];
  if (fs !== undefined) {
    if (!isObject(fs)) throw new PluginManifestError(`${name}: "permissions.fs" must be { "read": [...], "write": [...] }`);
    result.fs.read = pathList(name, "fs.read", fs["read"]);
    result.fs.write = pathList(name, "fs.write", fs["write"]);
  }
  result.net = stringList(name, "net", value["net"]).map((host) => {
    const lower = host.toLowerCase();
    if (!HOST.test(lower)) throw new PluginManifestError(`${name}: "permissions.net" entry ${JSON.stringify(host)} is not a host name (use "api.example.com" or "*.example.com")`);
    return lower;
  });
  result.env = stringList(name, "env", value["env"]).map((variable) => {
    if (!ENV_VAR.test(variable)) throw new PluginManifestError(`${name}: "permissions.env" entry ${JSON.stringify(variable)} is not a variable name`);
    return variable;
  });
  const run = value["run"];
  if (run !== undefined && typeof run !== "boolean") throw new PluginManifestError(`${name}: "permissions.run" must be true or false`);
  result.run = run === true;
  return result;
}

function pathList(name: string, key: string, value: unknown): string[] {
  return stringList(name, key, value).map((path) => {
    const ok = path.startsWith("/") || path.startsWith("~/") || path === "${project}" || path.startsWith("${project}/") || path === "${pluginData}" || path.startsWith("${pluginData}/");
    if (!ok) throw new PluginManifestError(`${name}: "permissions.${key}" entry ${JSON.stringify(path)} must start with \${project}, \${pluginData}, ~/ or /`);
    if (path.split("/").includes("..")) throw new PluginManifestError(`${name}: "permissions.${key}" entry ${JSON.stringify(path)} may not contain ".."`);
    return path.length > 1 ? path.replace(/\/+$/, "") : path;
  });
}

function stringList(name: string, key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new PluginManifestError(`${name}: "permissions.${key}" must be a list of strings`);
  }
  return [...new Set(value as string[])];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A plugin's id as lockfiles and store folders use it. */
export const PLUGIN_ID = /^[a-z0-9][a-z0-9._-]*$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A semantic version, the only kind a store folder (`<id>@<version>`) may be named by. */
export function isPluginVersion(version: string): boolean {
  return VERSION.test(version);
}

/**
 * A lockfile entry's `granted` as Ursa enforces it: only lists of strings and `run: true`
 * count, anything else is no grant. The start-up loader and `install --frozen`'s consent
 * screen read it the same way, so the screen shows exactly what will be allowed.
 */
export function lockedGrant(value: unknown): PluginPermissions {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const fs = (typeof v["fs"] === "object" && v["fs"] !== null ? v["fs"] : {}) as Record<string, unknown>;
  const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
  return { fs: { read: strings(fs["read"]), write: strings(fs["write"]) }, net: strings(v["net"]), env: strings(v["env"]), run: v["run"] === true };
}

/**
 * What a user agreed to run from a project's lockfile (a cloned repository's choice is not
 * theirs): the plugin, its exact bytes and its grants. A lockfile entry whose key was never
 * recorded on this machine is not loaded.
 */
export function projectConsentKey(entry: { readonly id: string; readonly version: string; readonly integrity: string; readonly granted: PluginPermissions }): string {
  const g = entry.granted;
  const sorted = (list: readonly string[]) => [...list].sort();
  return JSON.stringify([entry.id, entry.version, entry.integrity, sorted(g.fs.read), sorted(g.fs.write), sorted(g.net), sorted(g.env), g.run]);
}
