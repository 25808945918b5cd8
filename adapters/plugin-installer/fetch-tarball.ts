import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { fetchBytes } from "./http-fetch.ts";
import type { NpmConfig } from "./npm-config.ts";
import { resolveRelease } from "./npm-registry.ts";
import { packFolder } from "./pack-folder.ts";
import { localPathOf } from "./resolved-location.ts";
import type { PluginSource } from "./spec.ts";

/** A tarball in memory, where it came from, and the hash someone else vouches for (if any). */
export interface FetchedTarball {
  readonly bytes: Uint8Array;
  /** Where it was found: a registry or https URL, file:///abs.tgz or file:///abs/dir (a project's lockfile records local ones relative: lockedResolved). */
  readonly resolved: string;
  /** The registry's dist.integrity, or the #sha512-… of an https spec: the tarball must hash to it. */
  readonly expected?: { readonly integrity: string; readonly from: string };
}

/** Gets the tarball a spec names: from the configured npm registry, an https URL, a .tgz file, or a folder packed like `npm pack`. */
export async function fetchTarball(source: PluginSource, npm: () => Promise<NpmConfig>, signal: AbortSignal): Promise<FetchedTarball> {
  switch (source.kind) {
    case "npm": {
      const config = await npm();
      const release = await resolveRelease(source.name, source.range, config, signal);
      return { bytes: await download(release.tarball, config, signal), resolved: release.tarball, expected: { integrity: release.integrity, from: `the registry (${release.registry})` } };
    }
    case "url": {
      const url = new URL(source.url);
      const pinned = url.hash.startsWith("#sha512-") ? url.hash.slice(1) : undefined;
      url.hash = "";
      return { bytes: await fetchBytes(url.href, {}, signal), resolved: url.href, ...(pinned ? { expected: { integrity: pinned, from: "the URL's #sha512" } } : {}) };
    }
    case "file":
      return { bytes: await readTarballFile(source.path, signal), resolved: pathToFileURL(source.path).href };
    case "dir":
      return { bytes: await packFolder(source.path, signal), resolved: pathToFileURL(source.path).href };
  }
}

/** Gets the tarball a lockfile entry's `resolved` names (a relative one inside `projectRoot`), for `install --frozen`. */
export async function fetchResolved(resolved: string, projectRoot: string, npm: () => Promise<NpmConfig>, signal: AbortSignal): Promise<Uint8Array> {
  const path = localPathOf(resolved, projectRoot);
  if (path !== null) return /\.(tgz|tar\.gz)$/i.test(path) ? readTarballFile(path, signal) : packFolder(path, signal);
  return download(resolved, await npm(), signal);
}

async function download(url: string, npm: NpmConfig, signal: AbortSignal): Promise<Uint8Array> {
  const auth = npm.authorizationFor(url);
  return fetchBytes(url, auth ? { authorization: auth } : {}, signal);
}

async function readTarballFile(path: string, signal: AbortSignal): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path, { signal }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${path} does not exist`);
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}
