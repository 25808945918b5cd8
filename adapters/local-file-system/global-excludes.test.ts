import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { globalExcludesFile } from "./global-excludes.ts";

describe("globalExcludesFile", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let home: string;
  beforeEach(async () => {
    dir = await makeTempDir("ursa-home");
    home = dir.path;
  });
  afterEach(() => dir.remove());

  it("is git's default when no config names one, under XDG_CONFIG_HOME when set", () => {
    expect(globalExcludesFile({}, home)).toBe(join(home, ".config/git/ignore"));
    expect(globalExcludesFile({ XDG_CONFIG_HOME: "/xdg" }, home)).toBe("/xdg/git/ignore");
  });

  it("reads core.excludesFile whatever its case, expanding ~/, ~/.gitconfig winning over the XDG config", async () => {
    await mkdir(join(home, ".config/git"), { recursive: true });
    await writeFile(join(home, ".config/git/config"), "[core]\n\texcludesfile = /from/xdg\n");
    expect(globalExcludesFile({}, home)).toBe("/from/xdg");
    await writeFile(join(home, ".gitconfig"), '[user]\n\tname = Me\n[Core]\n\tExcludesFile = ~/.gitignore_global\n[remote "origin"]\n\turl = x\n');
    expect(globalExcludesFile({}, home)).toBe(join(home, ".gitignore_global"));
  });
});
