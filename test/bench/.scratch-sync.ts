import { syncBenchmarks } from "./sync.bench.ts";
import { renderTable } from "./measure.ts";
const rows = await syncBenchmarks(Number(process.env.RUNS ?? 5));
console.log(renderTable(rows));
