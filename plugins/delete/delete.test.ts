import { lstat, mkdir, realpath, stat, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { deleteTool } from "./mod.ts";

const del = deleteTool(new LocalFileSystem());
const exists = (path: string) => lstat(path).then(() => true, () => false);

describe("Delete", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;

  beforeEach(async () => {
    dir = await makeTempDir("ursa-delete");
    root = `${await realpath(dir.path)}/project`;
    await mkdir(root);
  });
  afterEach(() => dir.remove());

  const run = (file_path: string, recursive?: boolean) => del.execute(recursive === undefined ? { file_path } : { file_path, recursive }, makeToolContext(root).ctx);

  it("deletes a file and says how big it was", async () => {
    await writeFile(`${root}/a.txt`, "hello");
    expect(await run("a.txt")).toEqual({ output: `Deleted file ${root}/a.txt (5 bytes).`, success: true });
    expect(await exists(`${root}/a.txt`)).toBe(false);
  });

  it("deletes an empty directory without recursive", async () => {
    await mkdir(`${root}/empty`);
    expect(await run("empty")).toEqual({ output: `Deleted empty directory ${root}/empty.`, success: true });
    expect(await exists(`${root}/empty`)).toBe(false);
  });

  it("refuses a non-empty directory without recursive, counting what is in it", async () => {
    await mkdir(`${root}/d/sub`, { recursive: true });
    await writeFile(`${root}/d/one.txt`, "1");
    await writeFile(`${root}/d/sub/two.txt`, "2");
    expect(await run("d")).toEqual({
      output: "Error: d is a directory with 3 entries (2 files, 1 directory). Set recursive: true to delete it and everything in it.",
      success: false,
    });
    expect(await exists(`${root}/d/sub/two.txt`)).toBe(true);
    expect(await run("d", true)).toEqual({ output: `Deleted directory ${root}/d with 3 entries (2 files, 1 directory).`, success: true });
    expect(await exists(`${root}/d`)).toBe(false);
  });

  it("refuses the project root, `/` and a directory containing the project", async () => {
    await writeFile(`${root}/keep.txt`, "k");
    expect(await run(".", true)).toEqual({ output: "Error: . is the project root; it cannot be deleted.", success: false });
    expect(await run(root, true)).toEqual({ output: `Error: ${root} is the project root; it cannot be deleted.`, success: false });
    expect(await run("/", true)).toEqual({ output: "Error: / is the root of the file system; it cannot be deleted.", success: false });
    expect(await run("..", true)).toEqual({ output: "Error: .. contains the project root; it cannot be deleted.", success: false });
    expect(await exists(`${root}/keep.txt`)).toBe(true);
  });

  it("refuses a symlink that resolves to the project root, and deletes only the link of one that does not", async () => {
    await symlink(root, `${root}/self`);
    expect((await run("self", true)).output).toBe("Error: self is the project root; it cannot be deleted.");
    await mkdir(`${root}/target`);
    await writeFile(`${root}/target/x.txt`, "x");
    await symlink(`${root}/target`, `${root}/link`);
    expect((await run("link", true)).success).toBe(true);
    expect(await exists(`${root}/link`)).toBe(false);
    expect((await stat(`${root}/target/x.txt`)).size).toBe(1);
  });

  it("says when there is nothing to delete", async () => {
    expect(await run("ghost.txt")).toEqual({ output: "Error: ghost.txt does not exist.", success: false });
  });

  it("previews a file with its line and byte counts, and a directory with what is in it", async () => {
    await writeFile(`${root}/a.txt`, "one\ntwo\nthree\n");
    await mkdir(`${root}/d/e`, { recursive: true });
    await writeFile(`${root}/d/e/f.txt`, "f");
    const { ctx } = makeToolContext(root);
    expect(await del.preview!({ file_path: "a.txt" }, ctx)).toEqual({ kind: "delete", path: `${root}/a.txt`, lineCount: 3, byteCount: 14 });
    expect(await del.preview!({ file_path: "d" }, ctx)).toEqual({ kind: "delete_dir", path: `${root}/d`, files: 1, directories: 1 });
    expect(await exists(`${root}/a.txt`)).toBe(true);
  });

  it("is destructive and declares its path", () => {
    expect(del.classify({ file_path: "a" })).toBe("destructive");
    expect(del.paths!({ file_path: "a" })).toEqual(["a"]);
  });
});
