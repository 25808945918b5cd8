import { mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { outputCapsFor } from "../../core/domain/output-caps.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import plugin, { globTool } from "./mod.ts";
import { walkPlan } from "./walk-plan.ts";

describe("Glob", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  const glob = globTool(new LocalFileSystem());

  beforeEach(async () => {
    dir = await makeTempDir("ursa-glob");
    root = await realpath(dir.path);
    for (const path of [
      ".gitignore",
      "package.json",
      "README.md",
      "src/index.ts",
      "src/index.test.ts",
      "src/util/strings.ts",
      "src/util/strings.test.ts",
      "src/gen/api.ts",
      "src/.gitignore",
      "lib/a.ts",
      "lib/b.js",
      ".github/workflows/ci.ts",
      "node_modules/m/index.ts",
      "out/bundle.ts",
    ]) {
      await mkdir(dirname(`${root}/${path}`), { recursive: true });
      await writeFile(`${root}/${path}`, path === ".gitignore" ? "out/\n" : path === "src/.gitignore" ? "gen/\n" : "");
    }
  });
  afterEach(() => dir.remove());

  it("is a read-only plugin tool whose path is the base directory", () => {
    expect(plugin).toMatchObject({ id: "ursa.glob", apiVersion: 1 });
    expect(glob.classify({ pattern: "*" })).toBe("read_only");
    expect(glob.paths?.({ pattern: "*" })).toEqual(["."]);
    expect(glob.paths?.({ pattern: "*", file_path: "src" })).toEqual(["src"]);
  });

  it("matches ** at any depth, sorted, hidden files included, ignored files and node_modules left out", async () => {
    const { ctx } = makeToolContext(root);
    expect(await glob.execute({ pattern: "**/*.ts" }, ctx)).toEqual({
      output: "6 files matched:\n.github/workflows/ci.ts\nlib/a.ts\nsrc/index.test.ts\nsrc/index.ts\nsrc/util/strings.test.ts\nsrc/util/strings.ts",
      success: true,
    });
  });

  it("matches a pattern without ** at its own depth only", async () => {
    const { ctx } = makeToolContext(root);
    expect((await glob.execute({ pattern: "*.json" }, ctx)).output).toBe("1 file matched:\npackage.json");
    expect((await glob.execute({ pattern: "src/*.ts" }, ctx)).output).toBe("2 files matched:\nsrc/index.test.ts\nsrc/index.ts");
  });

  it("matches below a literal directory, braces and a leading ./", async () => {
    const { ctx } = makeToolContext(root);
    expect((await glob.execute({ pattern: "src/**/*.test.ts" }, ctx)).output).toBe("2 files matched:\nsrc/index.test.ts\nsrc/util/strings.test.ts");
    expect((await glob.execute({ pattern: "{lib,src/util}/*.{js,ts}" }, ctx)).output).toBe(
      "4 files matched:\nlib/a.ts\nlib/b.js\nsrc/util/strings.test.ts\nsrc/util/strings.ts",
    );
    expect((await glob.execute({ pattern: "./lib/*.js" }, ctx)).output).toBe("1 file matched:\nlib/b.js");
  });

  it("returns paths relative to the base directory, which accepts an absolute pattern inside it", async () => {
    const { ctx } = makeToolContext(root);
    expect((await glob.execute({ pattern: "**/*.test.ts", file_path: "src" }, ctx)).output).toBe("2 files matched:\nindex.test.ts\nutil/strings.test.ts");
    expect((await glob.execute({ pattern: `${root}/src/util/*.ts`, file_path: "src" }, ctx)).output).toBe("2 files matched:\nutil/strings.test.ts\nutil/strings.ts");
  });

  it("caps the results with a note", async () => {
    const { ctx } = makeToolContext(root, { caps: { ...outputCapsFor(100_000), globResults: 2 } });
    expect((await glob.execute({ pattern: "**/*.ts" }, ctx)).output).toBe(
      "2 files matched:\n.github/workflows/ci.ts\nlib/a.ts\n\n[CAPPED at 2 results. Narrow the pattern or the base directory.]",
    );
  });

  it("says when nothing matches, also below a directory that does not exist", async () => {
    const { ctx } = makeToolContext(root);
    expect(await glob.execute({ pattern: "**/*.py" }, ctx)).toEqual({ output: "No files matched pattern **/*.py in the project root.", success: true });
    expect((await glob.execute({ pattern: "nowhere/**/*.ts" }, ctx)).output).toBe("No files matched pattern nowhere/**/*.ts in the project root.");
  });

  it("fails clearly for a missing base, a file base and a pattern leaving the base", async () => {
    const { ctx } = makeToolContext(root);
    expect(await glob.execute({ pattern: "*", file_path: "nope" }, ctx)).toEqual({ output: "Error: nope does not exist.", success: false });
    expect((await glob.execute({ pattern: "*", file_path: "README.md" }, ctx)).success).toBe(false);
    expect(await glob.execute({ pattern: "../**/*.ts", file_path: "src" }, ctx)).toEqual({
      output: "Error: the pattern must be relative to src and stay inside it; set file_path to search elsewhere.",
      success: false,
    });
  });
});

describe("walkPlan", () => {
  it("starts below the literal directories and bounds the depth unless ** or braces make it unknowable", () => {
    expect(walkPlan("*.json")).toEqual({ start: "", maxDepth: 1 });
    expect(walkPlan("src/*/x.ts")).toEqual({ start: "src", maxDepth: 2 });
    expect(walkPlan("src/lib/**/*.ts")).toEqual({ start: "src/lib" });
    expect(walkPlan("src/{a,b/c}/*.ts")).toEqual({ start: "src" });
    expect(walkPlan("src/main.ts")).toEqual({ start: "src", maxDepth: 1 });
  });
});
