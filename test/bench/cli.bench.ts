import { spawnSync } from "node:child_process";
import { BUNDLE } from "../support/cli.ts";
import { row, type BenchRow } from "./measure.ts";

/** Wall time of whole processes, as a user experiences them. */
export function cliBenchmarks(runs: number): BenchRow[] {
  const wall = (args: string[]) => {
    const samples: number[] = [];
    spawnSync(process.execPath, [BUNDLE, ...args]);
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const result = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: "utf8" });
      samples.push(performance.now() - start);
      if (result.status !== 0) throw new Error(`ursa ${args.join(" ")} failed: ${result.stderr}`);
    }
    return samples;
  };
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    baseline.push(performance.now() - start);
  }
  return [
    row("`node -e 0` (baseline for the two below)", "ms", baseline),
    row("`ursa --version` wall time", "ms", wall(["--version"]), { max: 100 }),
    row("`ursa --help` wall time", "ms", wall(["--help"])),
  ];
}
