import { readFile } from "node:fs/promises";
import { join } from "node:path";

export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";

/** The part of npm's configuration that decides where packages come from and how to log in. */
export interface NpmConfig {
  /** The registry for a package name (a scope may have its own); ends with "/". */
  registryFor(packageName: string): string;
  /** The Authorization header value npm would send to this URL, if .npmrc has credentials for it. */
  authorizationFor(url: string): string | undefined;
}

/**
 * Reads the registry and credentials the way npm does, highest priority first: `npm_config_*`
 * environment variables, the project's `.npmrc`, the user's `.npmrc` (`npm_config_userconfig`
 * or `~/.npmrc`). `${VAR}` in values expands from the environment, as in npm.
 */
export async function loadNpmConfig(input: { env: Readonly<Record<string, string | undefined>>; cwd: string; home: string; signal: AbortSignal }): Promise<NpmConfig> {
  const { env } = input;
  const userConfig = envValue(env, "userconfig") ?? join(input.home, ".npmrc");
  const files = await Promise.all([readIni(join(input.cwd, ".npmrc"), env, input.signal), readIni(userConfig, env, input.signal)]);
  const fromEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && /^npm_config_/i.test(key)) fromEnv[key.slice("npm_config_".length).toLowerCase()] = value;
  }
  const layers = [fromEnv, ...files];
  const get = (key: string) => {
    for (const layer of layers) if (layer[key] !== undefined) return layer[key];
    return undefined;
  };
  return {
    registryFor(packageName) {
      const scope = packageName.startsWith("@") ? packageName.slice(0, packageName.indexOf("/")) : undefined;
      const registry = (scope && get(`${scope}:registry`)) || get("registry") || DEFAULT_REGISTRY;
      return registry.endsWith("/") ? registry : `${registry}/`;
    },
    authorizationFor(url) {
      // npm keys credentials by the URL without its scheme ("nerf dart"), most specific path first.
      const parsed = new URL(url);
      const segments = parsed.pathname.split("/").slice(1, -1);
      for (let n = segments.length; n >= 0; n--) {
        const dart = `//${parsed.host}/${segments.slice(0, n).map((s) => `${s}/`).join("")}`;
        const token = get(`${dart}:_authToken`);
        if (token) return `Bearer ${token}`;
        const basic = get(`${dart}:_auth`);
        if (basic) return `Basic ${basic}`;
        const user = get(`${dart}:username`);
        const password = get(`${dart}:_password`);
        if (user && password) return `Basic ${btoa(`${user}:${atob(password)}`)}`;
      }
      return undefined;
    },
  };
}

function envValue(env: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  for (const [name, value] of Object.entries(env)) if (name.toLowerCase() === `npm_config_${key}`) return value;
  return undefined;
}

async function readIni(path: string, env: Readonly<Record<string, string | undefined>>, signal: AbortSignal): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, { encoding: "utf8", signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") return {};
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  // ini is CommonJS: its functions are on the default export once bundled.
  const { parse } = (await import("ini")).default;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parse(text))) {
    if (typeof value === "string") values[key] = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => env[name] ?? whole);
  }
  return values;
}
