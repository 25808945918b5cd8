import type { NpmConfig } from "./npm-config.ts";
import { fetchJson } from "./http-fetch.ts";
import { sha512Of } from "./integrity.ts";

/** One version of a package as its registry describes it. */
export interface RegistryRelease {
  readonly name: string;
  readonly version: string;
  readonly tarball: string;
  /** The registry's sha512 SRI (`dist.integrity`): the downloaded tarball must hash to it. */
  readonly integrity: string;
  readonly registry: string;
}

interface Packument {
  readonly "dist-tags"?: Record<string, string>;
  readonly versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }>;
}

/**
 * Picks the version of `name` that `range` asks for (a dist-tag such as "latest", an exact
 * version or a semver range: the highest match, as npm does) from the registry npm is
 * configured with, and returns where its tarball is and what it must hash to.
 */
export async function resolveRelease(name: string, range: string, npm: NpmConfig, signal: AbortSignal): Promise<RegistryRelease> {
  const registry = npm.registryFor(name);
  // npm asks for scoped packages as @scope%2fname.
  const url = `${registry}${name.replace("/", "%2f")}`;
  const auth = npm.authorizationFor(url);
  const packument = (await fetchJson(url, {
    accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8",
    ...(auth ? { authorization: auth } : {}),
  }, signal)) as Packument | null;
  if (packument === null) throw new Error(`npm package ${name} was not found on ${registry}`);
  const versions = Object.keys(packument.versions ?? {});
  // semver is CommonJS: its functions are on the default export once bundled.
  const semver = (await import("semver")).default;
  const version = packument["dist-tags"]?.[range] ?? (semver.valid(range) ? (versions.includes(range) ? range : null) : null) ?? pickRange(semver, versions, range, name);
  const dist = packument.versions?.[version]?.dist;
  if (!dist?.tarball) throw new Error(`${registry} lists ${name}@${version} without a tarball`);
  const integrity = dist.integrity ? sha512Of(dist.integrity) : null;
  if (!integrity) throw new Error(`${registry} gives no sha512 integrity for ${name}@${version}, so Ursa cannot verify it`);
  return { name, version, tarball: new URL(dist.tarball, registry).href, integrity, registry };
}

function pickRange(semver: typeof import("semver"), versions: string[], range: string, name: string): string {
  if (semver.validRange(range) === null) throw new Error(`"${range}" is neither a version, a range nor a dist-tag of ${name}`);
  const best = semver.maxSatisfying(versions, range);
  if (best === null) throw new Error(`no version of ${name} matches ${range} (it has ${versions.length > 0 ? versions.slice(-5).join(", ") : "none"})`);
  return best;
}
