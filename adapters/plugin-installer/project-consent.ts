import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { projectConsentKey } from "../../core/domain/plugin-manifest.ts";
import type { LockedPlugin } from "./lockfile.ts";

/**
 * Which project plugins the user of this machine agreed to: `$URSA_HOME/project-plugins.json`,
 * `{ "<project root>": ["<consent key>", …] }`. A project's lockfile comes with the repository,
 * so its plugins load only once `ursa plugin add --project` or `ursa plugin install --frozen`
 * was run here for exactly those bytes and grants.
 */
function consentFile(dataDir: string): string {
  return join(dataDir, "project-plugins.json");
}

async function readConsents(dataDir: string): Promise<Record<string, string[]>> {
  try {
    const parsed = JSON.parse(await readFile(consentFile(dataDir), "utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, string[]>) : {};
  } catch {
    return {};
  }
}

export async function recordProjectConsent(dataDir: string, projectRoot: string, entries: readonly LockedPlugin[]): Promise<void> {
  if (entries.length === 0) return;
  const consents = await readConsents(dataDir);
  const keys = new Set(consents[projectRoot] ?? []);
  for (const entry of entries) keys.add(projectConsentKey(entry));
  consents[projectRoot] = [...keys];
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${consentFile(dataDir)}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(consents, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, consentFile(dataDir));
}

/** The consent keys recorded for a project. */
export async function projectConsents(dataDir: string, projectRoot: string): Promise<ReadonlySet<string>> {
  return new Set((await readConsents(dataDir))[projectRoot] ?? []);
}
