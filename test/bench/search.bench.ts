import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { globTool } from "../../plugins/glob/mod.ts";
import { grepTool } from "../../plugins/grep/mod.ts";
import { tempDir } from "../support/cli.ts";
import { makeToolContext } from "../support/tool-context.ts";
import { median, row, time, type BenchRow } from "./measure.ts";

const DIRS = 2_500;
const FILES_PER_DIR = 20;
const NEEDLE = "needle_call(a.b(c))";
/** Planted in one file in about this many, so the matches (~50) stay under the Grep cap and both tools scan everything. */
const NEEDLE_EVERY = 997;

/**
 * Grep and Glob on a generated 50,000-file tree against ripgrep, the yardstick for a fast search.
 * rg and Grep run alternately and each pair gives a ratio, so load on the machine hits both alike.
 */
export async function searchBenchmarks(runs: number): Promise<BenchRow[]> {
  const root = tempDir("ursa-bench-search-");
  try {
    const { files, planted } = generateTree(root);
    const { ctx } = makeToolContext(root);
    const fs = new LocalFileSystem();
    const grep = grepTool(fs);
    const glob = globTool(fs);
    const ursaGrep = async (input: { pattern: string; case_insensitive?: boolean }) => {
      const result = await grep.execute(input, ctx);
      if (!result.output.startsWith(`${planted} matches (${planted} files):`)) throw new Error(`Grep found other than the ${planted} planted: ${result.output.slice(0, 200)}`);
    };
    // Leading ** makes Glob walk the whole tree; 96 matches stay under the cap.
    const globPattern = "**/module12??/**/feature5.test.ts";
    const ursaGlob = async () => {
      const result = await glob.execute({ pattern: globPattern }, ctx);
      if (!result.output.startsWith("96 files matched:")) throw new Error(`Glob found other than expected: ${result.output.slice(0, 200)}`);
    };
    const label = `${files.toLocaleString("en")} files`;
    const rows: BenchRow[] = [];
    if (hasRipgrep()) {
      const rgLines = ripgrep(root, ["-F", NEEDLE]);
      if (rgLines !== planted) throw new Error(`rg found ${rgLines} lines, not the ${planted} planted: the trees they see differ`);
      rows.push(
        ...(await paired(runs, `rg -F a literal in ${label}`, () => ripgrep(root, ["-F", NEEDLE]), "Grep tool: the same literal (through execute)", () => ursaGrep({ pattern: NEEDLE }))),
        ...(await paired(runs, `rg --files -g ${globPattern}`, () => ripgrep(root, ["--files", "-g", globPattern]), "Glob tool: the same pattern (through execute)", ursaGlob)),
      );
    } else {
      process.stderr.write("search.bench: ripgrep (rg) is not installed, so Grep and Glob are measured without their yardstick (apt-get install -y ripgrep)\n");
      rows.push(
        row(`Grep tool: a literal in ${label} (through execute)`, "ms", await time(() => ursaGrep({ pattern: NEEDLE }), runs)),
        row(`Glob tool: ${globPattern} in ${label} (through execute)`, "ms", await time(ursaGlob, runs)),
      );
    }
    rows.push(row("Grep tool: case_insensitive", "ms", await time(() => ursaGrep({ pattern: NEEDLE.toUpperCase(), case_insensitive: true }), runs)));
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs ripgrep and Ursa alternately; the ratio of each pair shares the machine's load of the moment. */
async function paired(runs: number, rgName: string, rg: () => unknown, ursaName: string, ursa: () => Promise<unknown>): Promise<BenchRow[]> {
  await ursa();
  rg();
  const rgSamples: number[] = [];
  const ursaSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    rgSamples.push((await time(rg, 1, 0))[0]!);
    ursaSamples.push((await time(ursa, 1, 0))[0]!);
  }
  const ratios = ursaSamples.map((ms, i) => (100 * ms) / rgSamples[i]!);
  return [
    row(`ripgrep: ${rgName}`, "ms", rgSamples),
    row(ursaName, "ms", ursaSamples),
    { name: `${ursaName.split(":")[0]} time as % of ripgrep's, paired runs`, unit: "%", samples: ratios, goal: "≤ 3× ripgrep (300 %)", met: median(ratios) <= 300 },
  ];
}

function hasRipgrep(): boolean {
  return spawnSync("rg", ["--version"]).status === 0;
}

/** As a person would run it: parallel, unsorted; --no-require-git so it honours .gitignore without a repository, --hidden to search what Grep searches. */
function ripgrep(root: string, args: string[]): number {
  const result = spawnSync("rg", ["--no-require-git", "--hidden", "-n", "--no-heading", ...args, "."], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`rg ${args.join(" ")} exited with ${result.status}: ${result.stderr}`);
  return result.stdout.toString().split("\n").filter(Boolean).length;
}

/**
 * 2,500 directories of 20 small TypeScript-like files (1-4 KB) in 50 packages; every 25th
 * directory is a build/ output and every directory has a log, both excluded by .gitignore; one
 * directory in ten holds a binary file. Returns how many files it wrote and how many searchable
 * ones hold the needle (once each).
 */
function generateTree(root: string): { files: number; planted: number } {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed % n;
  };
  const words = ["const", "let", "return", "await", "value", "result", "config", "handler", "request", "response", "items", "index", "count", "buffer", "error", "export", "if", "else", "map", "filter"];
  writeFileSync(join(root, ".gitignore"), "build/\n*.log\n");
  let written = 1;
  let planted = 0;
  for (let d = 0; d < DIRS; d++) {
    const dir = join(root, `pkg${d % 50}`, `module${d}`, d % 25 === 0 ? "build" : "src");
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const n = d * FILES_PER_DIR + f;
      if (f === FILES_PER_DIR - 1) {
        writeFileSync(join(dir, "debug.log"), `log line ${NEEDLE}\n`.repeat(20));
      } else if (f === FILES_PER_DIR - 2 && d % 10 === 0) {
        writeFileSync(join(dir, "asset.bin"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(NEEDLE), Buffer.alloc(2048, 7)]));
      } else {
        const lines = [`import { helper${n % 97} } from "../shared/helper${n % 97}.ts";`, "", `export function feature${n}(input: string): number {`];
        for (let l = 20 + random(80); l > 0; l--) {
          lines.push(`  ${Array.from({ length: 3 + random(7) }, () => words[random(words.length)]).join(" ")}; // step ${l}`);
        }
        if (n % NEEDLE_EVERY === 7) {
          lines.push(`  return ${NEEDLE};`);
          if (d % 25 !== 0) planted++;
        }
        lines.push("}", "");
        writeFileSync(join(dir, f % 5 === 0 ? `feature${f}.test.ts` : `feature${f}.ts`), lines.join("\n"));
      }
      written++;
    }
  }
  return { files: written, planted };
}
