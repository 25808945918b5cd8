import { createHash } from "node:crypto";
import { readFile, realpath, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { writeTool } from "./mod.ts";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("Write", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  const write = writeTool(new LocalFileSystem());

  beforeEach(async () => {
    dir = await makeTempDir("ursa-write");
    root = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  it("creates a file with its parent directories and notes the content as read", async () => {
    const { ctx, files } = makeToolContext(root);
    const result = await write.execute({ file_path: "src/new.ts", content: "export const x = 1;\n" }, ctx);
    expect(result).toEqual({ output: `Created ${root}/src/new.ts (20 bytes).`, success: true });
    expect(await readFile(`${root}/src/new.ts`, "utf8")).toBe("export const x = 1;\n");
    expect(files.lastRead(`${root}/src/new.ts`)?.digest).toBe(sha256("export const x = 1;\n"));
  });

  it("refuses to replace a file without overwrite, and notes nothing", async () => {
    await writeFile(`${root}/a.txt`, "old");
    const { ctx, files } = makeToolContext(root);
    const result = await write.execute({ file_path: "a.txt", content: "new" }, ctx);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/already exists/);
    expect(await readFile(`${root}/a.txt`, "utf8")).toBe("old");
    expect(files.lastRead(`${root}/a.txt`)).toBeUndefined();
  });

  it("previews an overwrite as a unified diff, and a rewrite too large to diff as the whole file replaced", async () => {
    await writeFile(`${root}/a.txt`, "one\ntwo\nthree\n");
    const { ctx } = makeToolContext(root);
    expect(await write.preview!({ file_path: "a.txt", content: "one\n2\nthree\n", overwrite: true }, ctx)).toEqual({
      kind: "write_overwrite", path: `${root}/a.txt`, diff: "--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n", truncated: false,
    });
    const lines = (word: string) => Array.from({ length: 20_000 }, (_, i) => `${word} ${i}\n`).join("");
    await writeFile(`${root}/big.txt`, lines("old"));
    const preview = await write.preview!({ file_path: "big.txt", content: lines("new"), overwrite: true }, ctx);
    expect(preview).toMatchObject({ kind: "write_overwrite", truncated: true });
    if (preview?.kind !== "write_overwrite") return;
    expect(preview.diff.split("\n").slice(0, 4)).toEqual(["--- big.txt", "+++ big.txt", "@@ -1,20000 +1,20000 @@", "-old 0"]);
  });

  it("overwrites when asked and notes the new content", async () => {
    await writeFile(`${root}/a.txt`, "old");
    const { ctx, files } = makeToolContext(root);
    const result = await write.execute({ file_path: "a.txt", content: "new", overwrite: true }, ctx);
    expect(result).toEqual({ output: `Overwrote ${root}/a.txt (3 bytes).`, success: true });
    expect(files.lastRead(`${root}/a.txt`)?.digest).toBe(sha256("new"));
  });
});
