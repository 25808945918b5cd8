import { createHash } from "node:crypto";
import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";

import { textDigest } from "#plugin-api";
import { readTool } from "./mod.ts";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("Read", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  const read = readTool(new LocalFileSystem());

  beforeEach(async () => {
    dir = await makeTempDir("ursa-read");
    root = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  it("digests text as Node's SHA-256 does, multi-byte characters included", async () => {
    expect(await textDigest("")).toBe(sha256(""));
    expect(await textDigest("héllo → wörld 🐻\n")).toBe(sha256("héllo → wörld 🐻\n"));
  });

  it("returns the whole file and notes its digest under the real path", async () => {
    await writeFile(`${root}/a.txt`, "one\ntwo\n");
    const { ctx, files } = makeToolContext(root);
    const result = await read.execute({ file_path: "a.txt" }, ctx);
    expect(result).toEqual({ output: "one\ntwo\n", success: true });
    expect(files.lastRead(`${root}/a.txt`)?.digest).toBe(sha256("one\ntwo\n"));
  });

  it("notes the digest of the whole file when the output is truncated", async () => {
    const text = "x".repeat(100_000);
    await writeFile(`${root}/big.txt`, text);
    const { ctx, files } = makeToolContext(root);
    const result = await read.execute({ file_path: "big.txt" }, ctx);
    expect(result.output).toContain("[TRUNCATED: file is 100000 characters");
    expect(files.lastRead(`${root}/big.txt`)?.digest).toBe(sha256(text));
  });

  it("does not note a ranged read: the model has not seen the whole file", async () => {
    await writeFile(`${root}/a.txt`, "one\ntwo\nthree\n");
    const { ctx, files } = makeToolContext(root);
    const result = await read.execute({ file_path: "a.txt", start_line: 2, num_lines: 1 }, ctx);
    expect(result.output).toBe("two\n\n[Lines 2-2 of 3. 1 more lines follow.]");
    expect(files.lastRead(`${root}/a.txt`)).toBeUndefined();
  });

  it("notes a file read through a symlink under the file's real path", async () => {
    await mkdir(`${root}/real`);
    await writeFile(`${root}/real/a.txt`, "hi");
    await symlink(`${root}/real`, `${root}/link`);
    const { ctx, files } = makeToolContext(root);
    await read.execute({ file_path: "link/a.txt" }, ctx);
    expect(files.lastRead(`${root}/real/a.txt`)?.digest).toBe(sha256("hi"));
    expect(files.lastRead(`${root}/link/a.txt`)).toBeUndefined();
  });

  it("notes nothing for a missing file or a directory", async () => {
    await mkdir(`${root}/d`);
    const { ctx, files } = makeToolContext(root);
    expect(await read.execute({ file_path: "nope.txt" }, ctx)).toEqual({ output: "Error: nope.txt does not exist.", success: false });
    expect((await read.execute({ file_path: "d" }, ctx)).output).toMatch(/is a directory/);
    expect(files.lastRead(`${root}/nope.txt`)).toBeUndefined();
    expect(files.lastRead(`${root}/d`)).toBeUndefined();
  });
});
