import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { packTar, type TarHeader } from "modern-tar";
import { afterAll, describe, expect, it } from "vitest";
import { npmPack } from "../../test/support/local-registry.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { readPackageTarball, UnsafeTarballError } from "./tarball.ts";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/plugin-packages");
const signal = new AbortController().signal;
const temp = await makeTempDir("ursa-tarball");
afterAll(() => temp.remove());

async function tgz(entries: { header: Partial<TarHeader> & { name: string }; body?: string }[]): Promise<Uint8Array> {
  return gzipSync(await packTar(entries.map(({ header, body }) => ({ header: { size: body?.length ?? 0, ...header }, ...(body !== undefined ? { body } : {}) }))));
}

const packageJson = { header: { name: "package/package.json", type: "file" as const }, body: '{"name":"x","version":"1.0.0"}' };

describe("reading a package tarball", () => {
  it("reads what npm pack made: the files under package/, sorted, with the top folder dropped", async () => {
    const packed = npmPack(join(FIXTURES, "install-good"), temp.path);
    const files = await readPackageTarball(readFileSync(packed.file), signal);
    expect(files.map((f) => f.path)).toEqual(["dist/plugin.mjs", "package.json"]);
    expect(new TextDecoder().decode(files[1]!.bytes)).toContain('"name": "@ursa-test/greeter"');
  });

  it.each([
    ["a symbolic link", { name: "package/evil", type: "symlink" as const, linkname: "/etc/passwd" }, /refused: the tarball entry "package\/evil" is a symbolic link to "\/etc\/passwd"/],
    ["a hard link", { name: "package/evil", type: "link" as const, linkname: "package/package.json" }, /is a hard link/],
    ["an absolute name", { name: "/tmp/ursa-evil.mjs", type: "file" as const }, /refused: the tarball has an absolute entry "\/tmp\/ursa-evil.mjs"/],
    ["a name escaping with ..", { name: "package/../../evil.mjs", type: "file" as const }, /refused: the tarball entry "package\/..\/..\/evil.mjs" escapes its folder with "\.\."/],
    ["a fifo", { name: "package/pipe", type: "fifo" as const }, /is a fifo, not a regular file/],
  ])("refuses a tarball with %s", async (_, header, message) => {
    const bytes = await tgz([packageJson, { header, ...(header.type === "file" ? { body: "x" } : {}) }]);
    const error = await readPackageTarball(bytes, signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeTarballError);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses bytes that are not gzip, in one line", async () => {
    await expect(readPackageTarball(new TextEncoder().encode("<html>not found</html>"), signal)).rejects.toThrow(/^the tarball is not valid gzip/);
  });

  it("keeps long paths from pax headers intact", async () => {
    const long = `package/${"deep/".repeat(30)}file.txt`;
    const files = await readPackageTarball(await tgz([packageJson, { header: { name: long, type: "file" }, body: "ok" }]), signal);
    expect(files.map((f) => f.path)).toContain(long.slice("package/".length));
  });
});
