import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectConsentKey } from "../../core/domain/plugin-manifest.ts";
import { tempDir } from "../../test/support/cli.ts";
import { installFixture } from "../../test/support/installed-plugin.ts";
import { checkStoredFiles } from "../plugin-installer/plugin-store.ts";
import { readInstalledPlugins } from "./installed.ts";

const checkFiles = async (dir: string, expected: Readonly<Record<string, string>>) => (await checkStoredFiles(dir, expected)).map((p) => p.path);

const RUN_EVERYTHING = { fs: { read: [], write: [] }, net: [], env: [], run: true };
const signal = AbortSignal.timeout(10_000);

/** A project whose `.ursa/plugins.lock.json` (from the repository) pins a plugin granting `run`. */
function projectPinning(dataDir: string, entry: (e: Record<string, unknown>) => void = () => {}) {
  installFixture(dataDir, "sandbox-good", { id: "acme.repo", granted: RUN_EVERYTHING, tools: [] });
  const project = tempDir("ursa-project-");
  mkdirSync(join(project, ".ursa"));
  const userLock = join(dataDir, "plugins.lock.json");
  const lock = JSON.parse(readFileSync(userLock, "utf8"));
  entry(lock.plugins["acme.repo"]);
  writeFileSync(join(project, ".ursa", "plugins.lock.json"), JSON.stringify(lock));
  renameSync(userLock, `${userLock}.moved`);
  return { project, entry: lock.plugins["acme.repo"] };
}

describe("reading the lockfiles at start", () => {
  it("does not load a project's plugin nobody allowed on this machine, and loads it once its bytes and grants were allowed", async () => {
    const data = tempDir("ursa-data-");
    const { project, entry } = projectPinning(data);
    const refused = await readInstalledPlugins(data, project, signal, checkFiles);
    expect(refused.plugins).toEqual([]);
    expect(refused.problems).toEqual([expect.stringMatching(/^plugin acme\.repo is not loaded: .*not allowed on this machine; run ursa plugin install --frozen/)]);
    const allowed = await readInstalledPlugins(data, project, signal, checkFiles, new Set([projectConsentKey({ ...entry, granted: RUN_EVERYTHING })]));
    expect(allowed.plugins.map((p) => p.id)).toEqual(["acme.repo"]);
    // Allowing other grants does not allow these.
    const other = await readInstalledPlugins(data, project, signal, checkFiles, new Set([projectConsentKey({ ...entry, granted: { ...RUN_EVERYTHING, run: false } })]));
    expect(other.plugins).toEqual([]);
  });

  it("refuses a version that is not a semantic version (a path into the repository) and a main file the lockfile does not hash", async () => {
    const data = tempDir("ursa-data-");
    installFixture(data, "sandbox-good", { id: "acme.a", granted: RUN_EVERYTHING, tools: [] });
    const lockPath = join(data, "plugins.lock.json");
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    lock.plugins["acme.b"] = { ...lock.plugins["acme.a"], id: "acme.b", version: "1.0.0/../../../../tmp/repo/.ursa/pkg" };
    lock.plugins["acme.a"].main = "../elsewhere.mjs";
    writeFileSync(lockPath, JSON.stringify(lock));
    const read = await readInstalledPlugins(data, tempDir("ursa-project-"), signal, checkFiles);
    expect(read.plugins).toEqual([]);
    expect(read.problems.join("\n")).toMatch(/acme\.b is not loaded: .*is not a plugin id and version/);
    expect(read.problems.join("\n")).toMatch(/acme\.a is not loaded: its main file \.\.\/elsewhere\.mjs is not among the files/);
  });

  it("reads a damaged lockfile as the installer does, saying what is wrong with it", async () => {
    const data = tempDir("ursa-data-");
    const project = tempDir("ursa-project-");
    const path = join(data, "plugins.lock.json");
    writeFileSync(path, '{"lockfileVersion": 2, "plugins": {}}');
    expect((await readInstalledPlugins(data, project, signal, checkFiles)).problems).toEqual([`plugins in ${path} are not loaded: it has lockfileVersion 2; this Ursa reads version 1`]);
    writeFileSync(path, '{"lockfileVersion": 1, "plugins": []}');
    expect((await readInstalledPlugins(data, project, signal, checkFiles)).problems).toEqual([`plugins in ${path} are not loaded: it is not an Ursa plugin lockfile (no "plugins" object)`]);
  });
});
