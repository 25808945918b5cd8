import type { FetchedTarball } from "./fetch-tarball.ts";
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

const PLUGIN_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Checks a downloaded tarball against the hash vouched for (the registry's, or the lockfile's
 * in `lockedIntegrity`), reads it in memory (refusing links and escaping names), checks the
 * package, and only then writes it to a staging folder and starts it once in the sandbox with
 * no grants to learn its id and tools. Anything refused leaves nothing behind.
 */
export async function preparePlugin(input: {
  spec: string;
  tarball: FetchedTarball;
  lockedIntegrity?: string;
  dataDir: string;
  sandbox: PluginSandbox;
  /** Where to stage instead of the store (see stagePackage). */
  stageIn?: string;
  signal: AbortSignal;
}): Promise<PreparedPlugin> {
  const { spec, tarball, signal } = input;
  const integrity = await sriOf("sha512", tarball.bytes);
  const vouched = input.lockedIntegrity !== undefined ? { integrity: input.lockedIntegrity, from: "the lockfile" } : tarball.expected;
  if (vouched && vouched.integrity !== integrity) {
    throw new IntegrityError(`integrity mismatch for ${spec}: ${vouched.from} says ${vouched.integrity}, the tarball hashes to ${integrity}; nothing installed`);
  }
  const files = await readPackageTarball(tarball.bytes, signal);
  const pkg = checkPluginPackage(files, spec, input.sandbox);
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
