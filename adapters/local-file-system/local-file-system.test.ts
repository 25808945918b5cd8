import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TextFile, WalkOptions } from "../../core/ports/file-system.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { LocalFileSystem } from "./local-file-system.ts";

const fs = new LocalFileSystem();
const signal = new AbortController().signal;

describe("LocalFileSystem bulk scans", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;

  beforeEach(async () => {
    dir = await makeTempDir("ursa-lfs");
    root = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  async function put(files: Record<string, string | Uint8Array>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(`${root}/${path}`), { recursive: true });
      await writeFile(`${root}/${path}`, content);
    }
  }

  async function walked(start: string, options: WalkOptions, through = fs): Promise<string[]> {
    const out: string[] = [];
    for await (const entry of through.walk(start, options, signal)) out.push(`${entry.path.slice(root.length + 1)}${entry.kind === "directory" ? "/" : entry.kind === "other" ? "@" : ""}`);
    return out;
  }

  it("walks depth first, entries sorted by name, a directory just before its contents", async () => {
    await put({ "b.txt": "", "a/z.txt": "", "a/b/c.txt": "", "a-b.txt": "" });
    expect(await walked(root, {})).toEqual(["a/", "a/b/", "a/b/c.txt", "a/z.txt", "a-b.txt", "b.txt"]);
  });

  it("leaves out what root and nested .gitignore files exclude, the deeper file winning", async () => {
    await put({
      ".gitignore": "*.log\nbuild/\n",
      "keep.ts": "",
      "debug.log": "",
      "build/out.js": "",
      "src/build": "a file, not a directory: build/ does not match it",
      "src/.gitignore": "secret.ts\n!important.log\n",
      "src/secret.ts": "",
      "src/important.log": "",
      "src/other.log": "",
      "lib/secret.ts": "",
    });
    expect(await walked(root, { gitignore: true })).toEqual([
      ".gitignore",
      "keep.ts",
      "lib/",
      "lib/secret.ts",
      "src/",
      "src/.gitignore",
      "src/build",
      "src/important.log",
    ]);
  });

  it("applies the .gitignore files between ignoreRoot and the start, and only those", async () => {
    await put({ ".gitignore": "*.log\n", "sub/a.log": "", "sub/a.ts": "" });
    expect(await walked(`${root}/sub`, { gitignore: true, ignoreRoot: root })).toEqual(["sub/a.ts"]);
    expect(await walked(`${root}/sub`, { gitignore: true })).toEqual(["sub/a.log", "sub/a.ts"]);
    expect(await walked(`${root}/sub`, { gitignore: false, ignoreRoot: root })).toEqual(["sub/a.log", "sub/a.ts"]);
  });

  it("honours the repository's .git/info/exclude, below every .gitignore in precedence, from the root and from a subdirectory", async () => {
    await put({ ".git/info/exclude": "*.scratch\nnotes/\n", ".gitignore": "!keep.scratch\n", "a.scratch": "", "keep.scratch": "", "notes/n.md": "", "src/b.scratch": "", "src/b.ts": "" });
    expect(await walked(root, { gitignore: true, skipDirs: [".git"] })).toEqual([".gitignore", "keep.scratch", "src/", "src/b.ts"]);
    expect(await walked(`${root}/src`, { gitignore: true, ignoreRoot: root })).toEqual(["src/b.ts"]);
  });

  it("honours the user's global excludes file in a repository only, below the repository's own files", async () => {
    await put({ "global-ignore": "*.swp\n.idea/\n", "repo/.git/HEAD": "", "repo/.gitignore": "!keep.swp\n", "repo/a.swp": "", "repo/keep.swp": "", "repo/.idea/x.xml": "", "repo/src/b.swp": "", "plain/c.swp": "" });
    const withGlobal = new LocalFileSystem({ globalExcludes: `${root}/global-ignore` });
    expect(await walked(`${root}/repo`, { gitignore: true, skipDirs: [".git"] }, withGlobal)).toEqual(["repo/.gitignore", "repo/keep.swp", "repo/src/"]);
    expect(await walked(`${root}/repo/src`, { gitignore: true, ignoreRoot: `${root}/repo` }, withGlobal)).toEqual([]);
    expect(await walked(`${root}/plain`, { gitignore: true }, withGlobal)).toEqual(["plain/c.swp"]);
  });

  it("walks a start that the .gitignore files above exclude, under its own rules only", async () => {
    await put({ ".gitignore": "dist/\n*.map\n", "dist/app.js": "", "dist/app.js.map": "", "dist/.gitignore": "*.tmp\n", "dist/x.tmp": "" });
    expect(await walked(`${root}/dist`, { gitignore: true, ignoreRoot: root })).toEqual(["dist/.gitignore", "dist/app.js", "dist/app.js.map"]);
  });

  it("never enters skipped directories, at any depth, and stops at maxDepth", async () => {
    await put({ "node_modules/x.js": "", "pkg/node_modules/y.js": "", "pkg/deep/z.ts": "", "top.ts": "" });
    expect(await walked(root, { skipDirs: ["node_modules"] })).toEqual(["pkg/", "pkg/deep/", "pkg/deep/z.ts", "top.ts"]);
    expect(await walked(root, { skipDirs: ["node_modules"], maxDepth: 1 })).toEqual(["pkg/", "top.ts"]);
  });

  it("reports a symlink as other and does not follow it", async () => {
    await put({ "real/a.txt": "" });
    await symlink(`${root}/real`, `${root}/link`);
    expect(await walked(root, {})).toEqual(["link@", "real/", "real/a.txt"]);
  });

  it("throws for a start that is not a directory, and when the signal has fired", async () => {
    await put({ "f.txt": "" });
    await expect(walked(`${root}/missing`, {})).rejects.toMatchObject({ code: "ENOENT" });
    const aborted = new AbortController();
    aborted.abort();
    await expect(fs.walk(root, {}, aborted.signal)[Symbol.asyncIterator]().next()).rejects.toThrow();
  });

  async function texts(paths: string[]): Promise<TextFile[]> {
    const out: TextFile[] = [];
    for await (const file of fs.readTexts(paths, signal)) out.push(file);
    return out;
  }

  it("reads texts in the order given; binary, missing and directory paths say why there is no text", async () => {
    const nulLate = `${"x".repeat(9000)}\0`;
    await put({ "b.txt": "héllo 🐻\n", "a.bin": new Uint8Array([104, 105, 0, 1]), "late.txt": nulLate, "d/x": "" });
    const paths = ["b.txt", "a.bin", "gone.txt", "d", "late.txt"].map((p) => `${root}/${p}`);
    expect(await texts(paths)).toEqual([
      { path: `${root}/b.txt`, kind: "text", text: "héllo 🐻\n" },
      { path: `${root}/a.bin`, kind: "binary" },
      { path: `${root}/gone.txt`, kind: "unreadable" },
      { path: `${root}/d`, kind: "unreadable" },
      // The NUL lies past the first 8 KiB, which is all that is probed.
      { path: `${root}/late.txt`, kind: "text", text: nulLate },
    ]);
  });

  it("reads a file longer than one chunk whole, a multi-byte character across the chunk edge intact", async () => {
    const text = `${"a".repeat(65_535)}é${"b".repeat(200_000)}🐻end`;
    await put({ "big.txt": text });
    const [file] = await texts([`${root}/big.txt`]);
    expect(file).toEqual({ path: `${root}/big.txt`, kind: "text", text });
  });
});

describe("LocalFileSystem.remove", () => {
  it("without recursive removes a file or an empty directory, and refuses a directory with something in it", async () => {
    const dir = await makeTempDir("ursa-lfs");
    try {
      const root = await realpath(dir.path);
      await mkdir(`${root}/empty`);
      await mkdir(`${root}/full`);
      await writeFile(`${root}/full/f.txt`, "x");
      await fs.remove(`${root}/empty`, { recursive: false }, signal);
      expect(await fs.stat(`${root}/empty`, signal)).toBeNull();
      await expect(fs.remove(`${root}/full`, { recursive: false }, signal)).rejects.toThrow(/ENOTEMPTY|not empty/i);
      await fs.remove(`${root}/full/f.txt`, { recursive: false }, signal);
      expect(await fs.stat(`${root}/full/f.txt`, signal)).toBeNull();
    } finally {
      await dir.remove();
    }
  });
});

describe("LocalFileSystem.makeDirectory under kernel folders", () => {
  it("refuses /proc before touching it (an unguarded recursive mkdir there never settles)", { timeout: 5_000 }, async () => {
    await expect(new LocalFileSystem().makeDirectory("/proc/x/y", AbortSignal.timeout(4_000))).rejects.toThrow("refused to write /proc/x/y: /proc holds kernel and device files");
  });
});

describe("LocalFileSystem.writeTextAtomic under kernel folders", () => {
  // Node's recursive mkdir under /proc never settles, so an unguarded write hangs this test.
  it("refuses /proc, /sys and /dev in one line, before touching them", { timeout: 5_000 }, async () => {
    for (const path of ["/proc/x/evil.txt", "/sys/x/evil.txt", "/dev/evil.txt"]) {
      const root = path.split("/")[1];
      await expect(fs.writeTextAtomic(path, "x", signal)).rejects.toThrow(`refused to write ${path}: /${root} holds kernel and device files, not files to write; choose a path elsewhere`);
    }
  });

  it("refuses a path that leads there through a symlink", async () => {
    const dir = await makeTempDir("ursa-lfs");
    try {
      const root = await realpath(dir.path);
      await symlink("/proc", `${root}/p`);
      await expect(fs.writeTextAtomic(`${root}/p/x/evil.txt`, "x", signal)).rejects.toThrow(`refused to write ${root}/p/x/evil.txt (it leads to /proc/x/evil.txt): /proc holds`);
    } finally {
      await dir.remove();
    }
  });
});
