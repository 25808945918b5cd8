import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completePath } from "./file-completion.ts";

describe("@path completion", () => {
  it("lists one directory's matching entries, directories first, hidden ones only when asked", async () => {
    const root = mkdtempSync(join(tmpdir(), "ursa-complete-"));
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src", "main.ts"), "");
    writeFileSync(join(root, "src", "map.ts"), "");
    writeFileSync(join(root, "setup.md"), "");
    writeFileSync(join(root, ".env"), "");
    expect((await completePath(root, "s")).map((i) => i.value)).toEqual(["@src/", "@setup.md "]);
    expect((await completePath(root, "src/ma")).map((i) => i.label)).toEqual(["@src/main.ts", "@src/map.ts"]);
    expect((await completePath(root, "")).map((i) => i.label)).not.toContain("@.env");
    expect((await completePath(root, ".")).map((i) => i.label)).toEqual(["@.env"]);
    expect(await completePath(root, "../")).toEqual([]);
    expect(await completePath(root, "nope/")).toEqual([]);
  });
});
