import type { FetchedTarball } from "./fetch-tarball.ts";
import { PLUGIN_ID } from "../../core/domain/plugin-manifest.ts";
import { sriOf } from "./integrity.ts";
import { checkPluginPackage, type CheckedPackage } from "./package-checks.ts";
import { stagePackage, type StagedPackage } from "./plugin-store.ts";
import type { PluginSandbox, ToolSummary } from "./sandbox-port.ts";
import { readPackageTarball } from "./tarball.ts";

/** A plugin checked, unpacked into the store's staging area and inspected: ready to consent to. */
export interface PreparedPlugin {
  readonly spec: string;
  readonly resolved: string;
  readonly integrity: string;
  readonly tarballBytes: number;
  readonly fileCount: number;
  readonly pkg: CheckedPackage;
  readonly staged: StagedPackage;
  readonly id: string;
  readonly tools: readonly ToolSummary[];
}

/** Refused before anything was written; the message is the one line the user sees. */
export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IntegrityError";
  }
}


/**
 * Checks a downloaded tarball against the hashes vouched for (the registry's or the URL's, and
 * the lockfile's for a version already installed), reads it in memory (refusing links and
 * escaping names), checks the package, and only then writes it to a staging folder and starts
 * it once in the sandbox with no grants to learn its id and tools. Anything refused leaves
 * nothing behind.
 */
export async function preparePlugin(input: {
  spec: string;
  tarball: FetchedTarball;
  /**
   * The integrity a lockfile records for a package name and version, if any. A registry or URL
   * serving other bytes for a version already installed is refused (republished or tampered).
   * Local folders and files are not held to it: their author may rebuild the same version.
   */
  lockedIntegrity?: (name: string, version: string) => string | undefined;
  dataDir: string;
  sandbox: PluginSandbox;
  /** Where to stage instead of the store (see stagePackage). */
  stageIn?: string;
  signal: AbortSignal;
}): Promise<PreparedPlugin> {
  const { spec, tarball, signal } = input;
  const integrity = await sriOf("sha512", tarball.bytes);
  const mismatch = (from: string, expected: string) =>
    new IntegrityError(`integrity mismatch for ${spec}: ${from} says ${expected}, the tarball hashes to ${integrity}; nothing installed`);
  if (tarball.expected && tarball.expected.integrity !== integrity) throw mismatch(tarball.expected.from, tarball.expected.integrity);
  const files = await readPackageTarball(tarball.bytes, signal);
  const pkg = checkPluginPackage(files, spec, input.sandbox);
  const locked = tarball.resolved.startsWith("file:") ? undefined : input.lockedIntegrity?.(pkg.name, pkg.version);
  if (locked !== undefined && locked !== integrity) throw mismatch(`the lockfile (${pkg.name}@${pkg.version} is installed)`, locked);
  const staged = await stagePackage(input.dataDir, files, input.stageIn);
  try {
    const probe = await input.sandbox.probePlugin({ dir: staged.dir, manifest: pkg.manifest, signal });
    if (!PLUGIN_ID.test(probe.id)) throw new Error(`${pkg.name}@${pkg.version}: its plugin id ${JSON.stringify(probe.id)} must be lower case letters, digits, ".", "_" or "-"`);
    return { spec, resolved: tarball.resolved, integrity, tarballBytes: tarball.bytes.byteLength, fileCount: files.length, pkg, staged, id: probe.id, tools: probe.tools };
  } catch (error) {
    await staged.discard();
    throw error;
  }
}
