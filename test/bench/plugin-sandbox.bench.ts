import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Tool } from "../../core/ports/tool.ts";
import { PLUGIN_PACKAGES, sandboxFixture } from "../support/sandbox.ts";
import { makeToolContext } from "../support/tool-context.ts";
import { median, row, time, type BenchRow } from "./measure.ts";

const ECHO = [{ name: "SandboxEcho", description: "echo", parameters: { type: "object" } }];

/**
 * What the plugin sandbox costs: a tool call's round trip through the child (against the same
 * tool imported into Ursa's process), a child's start from cold (spawn, import, activate), and
 * the memory of a running child.
 */
export async function pluginSandboxBenchmarks(runs: number): Promise<BenchRow[]> {
  const inProcess = await inProcessEcho();
  const { ctx } = makeToolContext("/tmp");
  const direct = await time(() => inProcess.execute({ text: "bench" }, ctx), runs * 10, 20);
  const rows: BenchRow[] = [];
  for (const runtime of ["node", "deno"] as const) {
    const f = sandboxFixture("sandbox-good", { runtime, tools: ECHO });
    const project = makeToolContext(f.project).ctx;
    try {
      const echo = f.tool("SandboxEcho");
      const sandboxed = await time(() => echo.execute({ text: "bench" }, project), runs * 10, 20);
      const child = await f.plugin.child();
      rows.push(
        row(`plugin tool call round trip through the sandbox (${runtime} child)`, "ms", sandboxed, { max: 1 }),
        row(`  the same call as a ratio to the tool in-process (${runtime} child)`, "×", sandboxed.map((ms) => ms / median(direct))),
        row(`plugin child RSS while running (${runtime})`, "MiB", [rssMiB(child.pid)], { max: 50 }),
      );
    } finally {
      await f.plugin.stop();
    }
    const cold: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const g = sandboxFixture("sandbox-good", { runtime, tools: ECHO });
      const start = performance.now();
      await g.plugin.child();
      if (i > 0) cold.push(performance.now() - start);
      await g.plugin.stop();
    }
    rows.push(row(`plugin child ready from cold: spawn, import, activate (${runtime})`, "ms", cold, { max: 80 }));
  }
  return rows;
}

/** The fixture's tool imported into this process, as the unsandboxed developer mode runs it. */
async function inProcessEcho(): Promise<Tool> {
  const tools: Tool[] = [];
  const plugin = (await import(pathToFileURL(join(PLUGIN_PACKAGES, "sandbox-good", "plugin.mjs")).href)).default;
  const quiet = console.log;
  console.log = () => {};
  // Only the tool is measured: the fixture's hook and listener are accepted and left unused.
  await plugin.activate({ registerTool: (tool: Tool) => tools.push(tool), hook: () => () => {}, on: () => () => {} });
  console.log = quiet;
  return tools.find((t) => t.name === "SandboxEcho")!;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
