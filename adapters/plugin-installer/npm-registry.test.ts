import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmPack, startLocalRegistry, type LocalRegistry, type PackedPackage } from "../../test/support/local-registry.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { DEFAULT_REGISTRY, loadNpmConfig } from "./npm-config.ts";
import { resolveRelease } from "./npm-registry.ts";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/plugin-packages");
const signal = new AbortController().signal;
let temp: { path: string; remove: () => Promise<void> };
let v1: PackedPackage;
let v2: PackedPackage;
let registry: LocalRegistry;
let privateRegistry: LocalRegistry;

beforeAll(async () => {
  temp = await makeTempDir("ursa-npm-registry");
  v1 = npmPack(join(FIXTURES, "install-good"), temp.path);
  v2 = npmPack(join(FIXTURES, "install-good-v2"), temp.path);
  registry = await startLocalRegistry([v1, v2]);
  privateRegistry = await startLocalRegistry([v1], { token: "s3cret" });
}, 60_000);
afterAll(async () => {
  await registry.close();
  await privateRegistry.close();
  await temp.remove();
  for (const dir of extraDirs) await dir.remove();
});

const extraDirs: { remove: () => Promise<void> }[] = [];
const scratch = async (prefix: string) => {
  const dir = await makeTempDir(prefix);
  extraDirs.push(dir);
  return dir.path;
};
const config = (env: Record<string, string>, cwd = temp.path, home = temp.path) => loadNpmConfig({ env, cwd, home, signal });

describe("which registry, as npm is configured", () => {
  it("takes npm_config_registry first, then the project's .npmrc, then the user's, then the public registry", async () => {
    const project = await scratch("ursa-npmrc-project");
    const home = await scratch("ursa-npmrc-home");
    expect((await config({}, project, home)).registryFor("x")).toBe(DEFAULT_REGISTRY);
    writeFileSync(join(home, ".npmrc"), "registry=http://home.example/\n");
    expect((await config({}, project, home)).registryFor("x")).toBe("http://home.example/");
    writeFileSync(join(project, ".npmrc"), "registry=http://project.example\n@acme:registry=http://acme.example/\n");
    expect((await config({}, project, home)).registryFor("x")).toBe("http://project.example/");
    expect((await config({}, project, home)).registryFor("@acme/tool")).toBe("http://acme.example/");
    expect((await config({ npm_config_registry: "http://env.example/" }, project, home)).registryFor("x")).toBe("http://env.example/");
  });

  it("finds the token for a registry URL in .npmrc, with ${VAR} expanded", async () => {
    const home = await scratch("ursa-npmrc-token");
    writeFileSync(join(home, ".npmrc"), "//npm.acme.example/:_authToken=${ACME_TOKEN}\n");
    const npm = await config({ ACME_TOKEN: "abc" }, home, home);
    expect(npm.authorizationFor("https://npm.acme.example/@acme%2ftool")).toBe("Bearer abc");
    expect(npm.authorizationFor("https://other.example/@acme%2ftool")).toBeUndefined();
  });
});

describe("resolving a release from a registry", () => {
  it("picks the highest version a range allows, an exact version, or a dist-tag, with the registry's integrity", async () => {
    const npm = await config({ npm_config_registry: registry.url });
    expect(await resolveRelease("@ursa-test/greeter", "^1.0.0", npm, signal)).toEqual({
      name: "@ursa-test/greeter", version: "1.1.0", integrity: v2.integrity, registry: registry.url,
      tarball: `${registry.url}@ursa-test/greeter/-/greeter-1.1.0.tgz`,
    });
    expect((await resolveRelease("@ursa-test/greeter", "1.0.0", npm, signal)).version).toBe("1.0.0");
    expect((await resolveRelease("@ursa-test/greeter", "~1.0", npm, signal)).integrity).toBe(v1.integrity);
    expect((await resolveRelease("@ursa-test/greeter", "latest", npm, signal)).version).toBe("1.1.0");
    expect(registry.requests.at(-1)).toMatchObject({ method: "GET", path: "/@ursa-test/greeter" });
  });

  it("says plainly when the package or the version does not exist", async () => {
    const npm = await config({ npm_config_registry: registry.url });
    await expect(resolveRelease("@ursa-test/nothing", "latest", npm, signal)).rejects.toThrow(`npm package @ursa-test/nothing was not found on ${registry.url}`);
    await expect(resolveRelease("@ursa-test/greeter", "^2", npm, signal)).rejects.toThrow("no version of @ursa-test/greeter matches ^2 (it has 1.0.0, 1.1.0)");
    await expect(resolveRelease("@ursa-test/greeter", "not a range!", npm, signal)).rejects.toThrow(/is neither a version, a range nor a dist-tag/);
  });

  it("sends the .npmrc token to a private registry, and says what to check without it", async () => {
    const home = await scratch("ursa-npmrc-private");
    const host = new URL(privateRegistry.url).host;
    const without = await config({ npm_config_registry: privateRegistry.url }, home, home);
    await expect(resolveRelease("@ursa-test/greeter", "latest", without, signal)).rejects.toThrow(/answered 401 Unauthorized \(check the token for this registry in \.npmrc\)/);
    writeFileSync(join(home, ".npmrc"), `//${host}/:_authToken=s3cret\n`);
    const withToken = await config({ npm_config_registry: privateRegistry.url }, home, home);
    expect((await resolveRelease("@ursa-test/greeter", "latest", withToken, signal)).version).toBe("1.0.0");
    expect(privateRegistry.requests.at(-1)!.authorization).toBe("Bearer s3cret");
  });

  it("names the registry it cannot reach", async () => {
    const closed = await startLocalRegistry([]);
    await closed.close();
    const npm = await config({ npm_config_registry: closed.url });
    await expect(resolveRelease("x", "latest", npm, signal)).rejects.toThrow(`cannot reach ${closed.url}x: ECONNREFUSED`);
  });
});
