import { mkdirSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tempDir } from "../../test/support/cli.ts";
import { PermissionSettings, projectSettingsFile, userSettingsFile } from "./permission-settings.ts";

// Counts the reads of each file, to see that start-up reads (and parses) a settings file once.
vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

describe("PermissionSettings at start", () => {
  it("reads each settings file once for its rules and its unknown keys", () => {
    const dataDir = tempDir("ursa-home-");
    const projectRoot = tempDir("ursa-project-");
    mkdirSync(join(projectRoot, ".ursa"));
    writeFileSync(userSettingsFile(dataDir), JSON.stringify({ permissions: { alow: ["Read"], deny: ["Bash(rm:*)"] } }));
    writeFileSync(projectSettingsFile(projectRoot), JSON.stringify({ permisions: {}, permissions: { allow: ["Bash(npm test:*)"] } }));
    vi.mocked(fs.readFileSync).mockClear();

    const settings = new PermissionSettings({ dataDir, projectRoot });

    const reads = vi.mocked(fs.readFileSync).mock.calls.map(([file]) => String(file));
    expect(reads.sort()).toEqual([projectSettingsFile(projectRoot), userSettingsFile(dataDir)].sort());
    expect(settings.warnings).toEqual([
      `${userSettingsFile(dataDir)}: unknown key "permissions.alow" (did you mean "allow"?); it is ignored.`,
      `${projectSettingsFile(projectRoot)}: unknown key "permisions" (did you mean "permissions"?); it is ignored.`,
    ]);
    const rules = settings.rules();
    expect(JSON.stringify(rules)).toContain("npm test");
    expect(JSON.stringify(rules)).toContain("rm");
  });
});
