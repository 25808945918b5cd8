/** One row of the benchmark table. */
export interface BenchRow {
  readonly name: string;
  readonly unit: "ms" | "MiB" | "%" | "×";
  readonly samples: readonly number[];
  /** The goal the median is held to, e.g. "≤ 100 ms"; empty when there is none. */
  readonly goal: string;
  readonly met?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `runs` times after `warmup` unmeasured runs and returns the durations in ms. */
export async function time(fn: () => unknown | Promise<unknown>, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

export function row(name: string, unit: BenchRow["unit"], samples: readonly number[], goal?: { max: number }): BenchRow {
  return {
    name,
    unit,
    samples,
    goal: goal ? `≤ ${goal.max} ${unit}` : "",
    ...(goal ? { met: median(samples) <= goal.max } : {}),
  };
}

export function renderTable(rows: readonly BenchRow[]): string {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const lines = [
    "| benchmark | median | min | max | runs | goal | met |",
    "|---|---:|---:|---:|---:|---|---|",
    ...rows.map((r) => {
      const sorted = [...r.samples].sort((a, b) => a - b);
      return `| ${r.name} | ${fmt(median(r.samples))} ${r.unit} | ${fmt(sorted[0]!)} | ${fmt(sorted.at(-1)!)} | ${r.samples.length} | ${r.goal} | ${r.met === undefined ? "" : r.met ? "yes" : "**no**"} |`;
    }),
  ];
  return lines.join("\n");
}
