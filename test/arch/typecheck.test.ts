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

// A whole-tree check takes seconds alone and far longer on a busy 2-core machine; it is not a speed test.
const TYPECHECK_TIMEOUT_MS = 180_000;

describe("types", () => {
  it("the whole tree type-checks (strict)", () => {
    expect(typecheck("tsconfig.json")).toBe("");
  }, TYPECHECK_TIMEOUT_MS);

  it("core type-checks without Node's types, so it cannot touch process, Buffer or node: modules", () => {
    expect(typecheck("tsconfig.core.json")).toBe("");
  }, TYPECHECK_TIMEOUT_MS);
});
