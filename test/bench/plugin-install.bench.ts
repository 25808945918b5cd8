import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { npmPack } from "../support/local-registry.ts";
import { BUNDLE, ROOT, tempDir } from "../support/cli.ts";
import { row, type BenchRow } from "./measure.ts";

/**
 * `ursa plugin add ./x.tgz --yes` as a user runs it: a whole process, into a fresh data
 * directory each time (hash, unpack, checks, the sandbox probe that lists the tools, store and
 * lockfile). The tarball is the install-good fixture, packed once with `npm pack`.
 */
export function pluginInstallBenchmarks(runs: number): BenchRow[] {
  const work = tempDir("ursa-bench-plugin-");
  try {
    const tarball = npmPack(join(ROOT, "test/fixtures/plugin-packages/install-good"), work).file;
    const add = () => {
      const data = tempDir("ursa-bench-data-");
      const start = performance.now();
      const result = spawnSync(process.execPath, [BUNDLE, "plugin", "add", tarball, "--yes"], { cwd: work, env: { ...process.env, URSA_HOME: data }, encoding: "utf8" });
      const elapsed = performance.now() - start;
      rmSync(data, { recursive: true, force: true });
      if (result.status !== 0) throw new Error(`ursa plugin add failed: ${result.stderr}`);
      return elapsed;
    };
    add();
    const samples = Array.from({ length: runs }, add);
    return [row("`ursa plugin add ./x.tgz --yes` wall time (local tarball, fresh data dir)", "ms", samples, { max: 300 })];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
