import { mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { outputCapsFor } from "../../core/domain/output-caps.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import plugin, { listTool } from "./mod.ts";

describe("List", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  const list = listTool(new LocalFileSystem());

  beforeEach(async () => {
    dir = await makeTempDir("ursa-list");
    root = await realpath(dir.path);
    for (const [path, content] of Object.entries({
      ".gitignore": "*.log\ndist/\n",
      "README.md": "",
      "app.log": "",
      "dist/bundle.js": "",
      ".git/HEAD": "",
      "node_modules/x/index.js": "",
      "src/__pycache__/m.pyc": "",
      "src/main.ts": "",
      "src/.gitignore": "generated/\n",
      "src/generated/api.ts": "",
      "src/util/strings.ts": "",
      "src/util/trace.log": "",
    })) {
      await mkdir(dirname(`${root}/${path}`), { recursive: true });
      await writeFile(`${root}/${path}`, content);
    }
  });
  afterEach(() => dir.remove());

  it("is a read-only plugin tool whose path is the listed directory", () => {
    expect(plugin).toMatchObject({ id: "ursa.list", apiVersion: 1 });
    expect(list.classify({})).toBe("read_only");
    expect(list.paths?.({})).toEqual(["."]);
    expect(list.paths?.({ file_path: "src" })).toEqual(["src"]);
  });

  it("lists the project root one level deep, directories marked, ignored and noise left out", async () => {
    const { ctx } = makeToolContext(root);
    expect(await list.execute({}, ctx)).toEqual({ output: `Listing: ${root}\n.gitignore\nREADME.md\nsrc/`, success: true });
  });

  it("lists recursively with root and nested .gitignore rules", async () => {
    const { ctx } = makeToolContext(root);
    const result = await list.execute({ recursive: true }, ctx);
    expect(result.output).toBe(`Listing: ${root}\n.gitignore\nREADME.md\nsrc/\nsrc/.gitignore\nsrc/main.ts\nsrc/util/\nsrc/util/strings.ts`);
  });

  it("lists a subdirectory relative to itself, still under the project's .gitignore", async () => {
    const { ctx } = makeToolContext(root);
    const result = await list.execute({ file_path: "src/util" }, ctx);
    expect(result.output).toBe(`Listing: ${root}/src/util\nstrings.ts`);
  });

  it("lists an ignored directory asked for by name", async () => {
    const { ctx } = makeToolContext(root);
    expect((await list.execute({ file_path: "dist" }, ctx)).output).toBe(`Listing: ${root}/dist\nbundle.js`);
  });

  it("caps a long listing with a note", async () => {
    const { ctx } = makeToolContext(root, { caps: { ...outputCapsFor(100_000), listEntries: 3 } });
    const result = await list.execute({ recursive: true }, ctx);
    expect(result.output).toBe(
      `Listing: ${root}\n.gitignore\nREADME.md\nsrc/\n\n[CAPPED at 3 entries. List a subdirectory, or use Glob to find files by name.]`,
    );
  });

  it("says when a directory has nothing to show", async () => {
    await mkdir(`${root}/empty`);
    const { ctx } = makeToolContext(root);
    expect((await list.execute({ file_path: "empty" }, ctx)).output).toBe(`Listing: ${root}/empty\n(empty)`);
  });

  it("fails clearly for a missing path and for a file", async () => {
    const { ctx } = makeToolContext(root);
    expect(await list.execute({ file_path: "nope" }, ctx)).toEqual({ output: "Error: nope does not exist.", success: false });
    expect(await list.execute({ file_path: "README.md" }, ctx)).toEqual({ output: "Error: README.md is not a directory; use Read to see a file.", success: false });
  });
});
