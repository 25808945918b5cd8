import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// A child process: the flag is process-wide, and the test worker's heap must not be changed.
/** The young generation's size before and after allocating ~30 MB of objects that stay alive. */
function youngGenerationGrowth(hold: boolean): { before: number; after: number } {
  const module = join(import.meta.dirname, "young-generation.ts");
  const script = `
    import v8 from "node:v8";
    import { holdYoungGeneration } from ${JSON.stringify(module)};
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
    const release = ${hold} ? holdYoungGeneration() : () => {};
    const before = size();
    const kept = [];
    for (let i = 0; i < 300_000; i++) kept.push({ i, s: String(i), a: [i] });
    const after = size();
    release();
    console.log(JSON.stringify({ before, after }));
  `;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" })) as { before: number; after: number };
}

describe("holding the young generation", () => {
  it("keeps it at its first size while objects that live on are allocated; V8 grows it otherwise", () => {
    const held = youngGenerationGrowth(true);
    expect(held.after).toBeLessThanOrEqual(held.before);
    const free = youngGenerationGrowth(false);
    expect(free.after).toBeGreaterThan(free.before);
  });
});
