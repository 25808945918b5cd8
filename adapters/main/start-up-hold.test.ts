import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Child processes: the flags are process-wide, and the test worker's heap must not be changed.
const MODULE = join(import.meta.dirname, "start-up-hold.ts");

function inChild<T>(body: string, nodeFlags: readonly string[] = []): T {
  const script = `import v8 from "node:v8"; import { holdDuringStartUp } from ${JSON.stringify(MODULE)}; ${body}`;
  return JSON.parse(execFileSync(process.execPath, [...nodeFlags, "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" })) as T;
}

/** The young generation's size before and after allocating ~30 MB of objects that stay alive. */
function youngGenerationGrowth(hold: boolean): { before: number; after: number } {
  return inChild(`
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
    const release = ${hold} ? holdDuringStartUp() : () => {};
    const before = size();
    const kept = [];
    for (let i = 0; i < 300_000; i++) kept.push({ i, s: String(i), a: [i] });
    const after = size();
    release();
    console.log(JSON.stringify({ before, after }));
  `);
}

/**
 * Whether a hot function ends up optimized by TurboFan: while held, a fresh one after release,
 * and the one warmed while held, run on after release. V8's own status bits
 * (--allow-natives-syntax): 1 << 4 is "TurboFanned".
 */
function turbofanned(nodeFlags: readonly string[] = []): { held: boolean; released: boolean; warmedWhileHeld: boolean } {
  return inChild(
    `
    const hot = () => new Function("a", "b", "let s = 0; for (let i = 0; i < a; i++) s += (i * b) % 7; return s;");
    const run = (f) => { for (let i = 0; i < 20_000; i++) f(50, i); return (eval("%GetOptimizationStatus(f)") & 16) !== 0; };
    const before = hot();
    const release = holdDuringStartUp();
    const held = run(before);
    release();
    const released = run(hot());
    const warmedWhileHeld = run(before);
    console.log(JSON.stringify({ held, released, warmedWhileHeld }));
  `,
    ["--allow-natives-syntax", "--no-concurrent-recompilation", ...nodeFlags],
  );
}

describe("the start-up hold", () => {
  it("keeps the young generation at its first size while objects that live on are allocated; V8 grows it otherwise", () => {
    const held = youngGenerationGrowth(true);
    expect(held.after).toBeLessThanOrEqual(held.before);
    const free = youngGenerationGrowth(false);
    expect(free.after).toBeGreaterThan(free.before);
  });

  it("keeps a hot function out of TurboFan while held and lets hot functions be optimized after release", () => {
    expect(turbofanned()).toEqual({ held: false, released: true, warmedWhileHeld: true });
  });

  it("leaves a compiler flag the user gave Node as given", () => {
    expect(turbofanned(["--no-turbofan"])).toEqual({ held: false, released: false, warmedWhileHeld: false });
  });
});
