import { isAbsolute, resolve } from "node:path";

/** What the user typed after `ursa plugin add`, understood. */
export type PluginSource =
  | { readonly kind: "npm"; readonly spec: string; readonly name: string; readonly range: string }
  | { readonly kind: "dir"; readonly spec: string; readonly path: string }
  | { readonly kind: "file"; readonly spec: string; readonly path: string }
  | { readonly kind: "url"; readonly spec: string; readonly url: string };

/** A spec Ursa cannot understand: a usage mistake (exit code 2), said in one line. */
export class PluginSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PluginSpecError";
  }
}

// npm's own rule for new package names: lower case, URL-safe, optionally scoped.
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * Parses `npm:<name>[@version|@range]`, `./dir`, `./file.tgz` (any path with a separator, or
 * starting with `.`, `/` or `~`), or `https://…/file.tgz`. Paths resolve against `cwd`.
 */
export function parsePluginSpec(spec: string, cwd: string, home: string): PluginSource {
  if (spec.startsWith("npm:")) return parseNpm(spec);
  if (/^https?:\/\//i.test(spec)) {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      throw new PluginSpecError(`"${spec}" is not a valid URL`);
    }
    if (url.protocol !== "https:" && !isLoopback(url.hostname)) {
      throw new PluginSpecError(`"${spec}" must use https:// (plain http is accepted only for localhost)`);
    }
    return { kind: "url", spec, url: url.href };
  }
  if (spec.startsWith("file:")) return parsePath(spec, spec.slice("file:".length).replace(/^\/\/(?=\/)/, ""), cwd, home);
  if (isAbsolute(spec) || spec.startsWith(".") || spec.startsWith("~/") || spec.includes("/")) return parsePath(spec, spec, cwd, home);
  throw new PluginSpecError(`"${spec}" is not a plugin spec; use npm:<name>[@version], ./dir, ./file.tgz or https://…/file.tgz`);
}

function parseNpm(spec: string): PluginSource {
  const body = spec.slice("npm:".length);
  // The version separator is the first "@" after the scope's own.
  const at = body.indexOf("@", body.startsWith("@") ? 1 : 0);
  const name = at === -1 ? body : body.slice(0, at);
  const range = at === -1 ? "latest" : body.slice(at + 1);
  if (!PACKAGE_NAME.test(name)) throw new PluginSpecError(`"${name}" is not a valid npm package name (in ${spec})`);
  if (range === "") throw new PluginSpecError(`${spec} has an empty version after "@"`);
  return { kind: "npm", spec, name, range };
}

function parsePath(spec: string, path: string, cwd: string, home: string): PluginSource {
  const absolute = path.startsWith("~/") ? resolve(home, path.slice(2)) : resolve(cwd, path);
  return /\.(tgz|tar\.gz)$/i.test(absolute) ? { kind: "file", spec, path: absolute } : { kind: "dir", spec, path: absolute };
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\./.test(hostname);
}
