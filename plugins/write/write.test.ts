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

  it("overwrites when asked and notes the new content", async () => {
    await writeFile(`${root}/a.txt`, "old");
    const { ctx, files } = makeToolContext(root);
    const result = await write.execute({ file_path: "a.txt", content: "new", overwrite: true }, ctx);
    expect(result).toEqual({ output: `Overwrote ${root}/a.txt (3 bytes).`, success: true });
    expect(files.lastRead(`${root}/a.txt`)?.digest).toBe(sha256("new"));
  });
});
