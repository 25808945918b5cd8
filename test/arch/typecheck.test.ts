import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const TSC = join(ROOT, "node_modules/.bin/tsc");

function typecheck(project: string): string {
  try {
    execFileSync(TSC, ["-p", project], { cwd: ROOT, encoding: "utf8" });
    return "";
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe("types", () => {
  it("the whole tree type-checks (strict)", () => {
    expect(typecheck("tsconfig.json")).toBe("");
  });

  it("core type-checks without Node's types, so it cannot touch process, Buffer or node: modules", () => {
    expect(typecheck("tsconfig.core.json")).toBe("");
  });
});
