/**
 * `npm run bench`: Ursa's speed and memory goals as a table of medians.
 * Figures vary with the machine's load; compare rows from one run, not across machines.
 */
import { buildBundle } from "../support/cli.ts";
import { cacheBenchmarks } from "./cache.bench.ts";
import { cliBenchmarks } from "./cli.bench.ts";
import { engineBenchmarks } from "./engine.bench.ts";
import { renderTable, type BenchRow } from "./measure.ts";
import { pluginInstallBenchmarks } from "./plugin-install.bench.ts";
import { pluginSandboxBenchmarks } from "./plugin-sandbox.bench.ts";
import { searchBenchmarks } from "./search.bench.ts";
import { storeBenchmarks } from "./store.bench.ts";
import { tuiBenchmarks } from "./tui.bench.ts";

const runs = Number(process.env["URSA_BENCH_RUNS"] ?? 15);
buildBundle();
const rows: BenchRow[] = [
  ...cliBenchmarks(runs), ...(await engineBenchmarks(runs * 4)), ...(await storeBenchmarks(runs)), ...(await searchBenchmarks(runs)), ...(await tuiBenchmarks(runs)),
  ...(await cacheBenchmarks()), ...(await pluginSandboxBenchmarks(runs)), ...pluginInstallBenchmarks(runs),
];
process.stdout.write(`${renderTable(rows)}\n`);
