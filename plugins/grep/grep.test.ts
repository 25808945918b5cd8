import { mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { outputCapsFor } from "../../core/domain/output-caps.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { literalFinder, matchingLines } from "./matching-lines.ts";
import plugin, { grepTool } from "./mod.ts";

describe("Grep", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  const grep = grepTool(new LocalFileSystem());

  async function put(files: Record<string, string | Uint8Array>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(`${root}/${path}`), { recursive: true });
      await writeFile(`${root}/${path}`, content);
    }
  }

  beforeEach(async () => {
    dir = await makeTempDir("ursa-grep");
    root = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  it("is a read-only plugin tool whose path is the searched one", () => {
    expect(plugin).toMatchObject({ id: "ursa.grep", apiVersion: 1 });
    expect(grep.classify({ pattern: "x" })).toBe("read_only");
    expect(grep.paths?.({ pattern: "x" })).toEqual(["."]);
    expect(grep.paths?.({ pattern: "x", file_path: "src/a.ts" })).toEqual(["src/a.ts"]);
  });

  it("reports matching lines relative to the project root, sorted by path then line", async () => {
    await put({
      "src/b.ts": "let token = 1;\nnothing\nreturn token;\n",
      "src/a.ts": "no\ntoken here\n",
      "z.md": "token\r\n",
      "src-extra.ts": "token\n",
    });
    const { ctx } = makeToolContext(root);
    expect(await grep.execute({ pattern: "token" }, ctx)).toEqual({
      output: "5 matches (4 files):\nsrc/a.ts:2:token here\nsrc/b.ts:1:let token = 1;\nsrc/b.ts:3:return token;\nsrc-extra.ts:1:token\nz.md:1:token",
      success: true,
    });
  });

  it("takes the pattern literally: regex metacharacters match only themselves", async () => {
    await put({ "a.js": "call a.b(c) now\naxb(c)\na.b(c\n" });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "a.b(c)" }, ctx)).output).toBe("1 match (1 file):\na.js:1:call a.b(c) now");
    expect((await grep.execute({ pattern: "A.B(C", case_insensitive: true }, ctx)).output).toBe("2 matches (1 file):\na.js:1:call a.b(c) now\na.js:3:a.b(c");
  });

  it("matches case-insensitively only when asked", async () => {
    await put({ "a.txt": "Hello\nHELLO\nhello\n" });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "hello" }, ctx)).output).toBe("1 match (1 file):\na.txt:3:hello");
    expect((await grep.execute({ pattern: "hello", case_insensitive: true }, ctx)).output).toBe("3 matches (1 file):\na.txt:1:Hello\na.txt:2:HELLO\na.txt:3:hello");
  });

  it("skips binary files, ignored files and .git/node_modules/__pycache__", async () => {
    await put({
      ".gitignore": "*.log\n",
      "lib/.gitignore": "gen/\n",
      "lib/gen/x.ts": "needle",
      "lib/keep.ts": "needle",
      "app.log": "needle",
      "blob.bin": new Uint8Array([...new TextEncoder().encode("needle"), 0, 1, 2]),
      ".git/config": "needle",
      "node_modules/m/i.js": "needle",
      "__pycache__/c.py": "needle",
    });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "needle" }, ctx)).output).toBe("1 match (1 file):\nlib/keep.ts:1:needle");
    expect(await grep.execute({ pattern: "needle", file_path: "blob.bin" }, ctx)).toEqual({ output: "blob.bin is a binary file; Grep searches text only.", success: true });
  });

  it("searches one file, or a subdirectory under the project's .gitignore, paths still relative to the root", async () => {
    await put({ ".gitignore": "*.tmp\n", "pkg/a.ts": "x = 1\n", "pkg/b.tmp": "x = 2\n", "other.ts": "x = 3\n" });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "x =", file_path: "pkg" }, ctx)).output).toBe("1 match (1 file):\npkg/a.ts:1:x = 1");
    expect((await grep.execute({ pattern: "x =", file_path: "pkg/b.tmp" }, ctx)).output).toBe("1 match (1 file):\npkg/b.tmp:1:x = 2");
  });

  it("keeps only files matching glob: a bare name at any depth, a path below the searched directory", async () => {
    await put({ "a.ts": "hit", "a.js": "hit", "src/deep/b.ts": "hit", "src/c.test.ts": "hit", "test/d.test.ts": "hit" });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "hit", glob: "*.ts" }, ctx)).output).toBe(
      "4 matches (4 files):\na.ts:1:hit\nsrc/c.test.ts:1:hit\nsrc/deep/b.ts:1:hit\ntest/d.test.ts:1:hit",
    );
    expect((await grep.execute({ pattern: "hit", glob: "src/**/*.test.ts" }, ctx)).output).toBe("1 match (1 file):\nsrc/c.test.ts:1:hit");
    expect((await grep.execute({ pattern: "hit", glob: "*.py" }, ctx)).output).toBe('No matches for "hit" in the project root (files matching *.py).');
  });

  it("caps the matches with a note, counting only the files shown", async () => {
    await put({ "a.txt": "m\nm\n", "b.txt": "m\nm\n", "c.txt": "m\n" });
    const { ctx } = makeToolContext(root, { caps: { ...outputCapsFor(100_000), grepMatches: 3 } });
    expect((await grep.execute({ pattern: "m" }, ctx)).output).toBe(
      "3 matches (2 files):\na.txt:1:m\na.txt:2:m\nb.txt:1:m\n\n[CAPPED at 3 matches. Narrow the pattern, the path or the glob to see the rest.]",
    );
    const exact = makeToolContext(root, { caps: { ...outputCapsFor(100_000), grepMatches: 5 } }).ctx;
    expect((await grep.execute({ pattern: "m" }, exact)).output).not.toContain("CAPPED");
  });

  it("cuts long lines to 200 characters", async () => {
    await put({ "long.txt": `${"x".repeat(250)}needle${"y".repeat(10)}\n` });
    const { ctx } = makeToolContext(root);
    expect((await grep.execute({ pattern: "x" }, ctx)).output).toBe(`1 match (1 file):\nlong.txt:1:${"x".repeat(200)}`);
  });

  it("says when nothing matches, and fails clearly for a missing path", async () => {
    await put({ "a.txt": "abc" });
    const { ctx } = makeToolContext(root);
    expect(await grep.execute({ pattern: "zzz" }, ctx)).toEqual({ output: 'No matches for "zzz" in the project root.', success: true });
    expect(await grep.execute({ pattern: "zzz", file_path: "nope" }, ctx)).toEqual({ output: "Error: nope does not exist.", success: false });
  });
});

describe("matchingLines", () => {
  it("reports each matching line once with its 1-based number, without a trailing CR", () => {
    const find = literalFinder("ab", false);
    expect(matchingLines("ab ab\r\nno\n\nxab", find, 10, 200)).toEqual([
      { line: 1, text: "ab ab" },
      { line: 4, text: "xab" },
    ]);
    expect(matchingLines("ab\nab\nab", find, 2, 200)).toEqual([
      { line: 1, text: "ab" },
      { line: 2, text: "ab" },
    ]);
  });

  it("never splits a surrogate pair when cutting", () => {
    expect(matchingLines(`a${"🐻".repeat(3)}`, literalFinder("a", false), 10, 4)).toEqual([{ line: 1, text: "a🐻" }]);
  });
});
