import { FIXTURE } from "../fixtures/mcp-servers.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireResponse } from "../wire/anthropic-wire-server.ts";
import type { BenchRow } from "./measure.ts";

const STEPS = 20;
const PROCESSES = 10;

/**
 * Prompt caching as a cost figure, through the real CLI against the scripted Anthropic server
 * (which knows where each request's breakpoints are): how much of a tool loop's input is
 * already behind a breakpoint, and whether the tools (the first bytes of every request) come in
 * the same order in every process.
 */
export async function cacheBenchmarks(): Promise<BenchRow[]> {
  const server = await startAnthropicWireServer();
  try {
    const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: server.url });
    const loop: AnthropicWireResponse[] = Array.from({ length: STEPS - 1 }, (_, i) => ({
      type: "message",
      blocks: [{ type: "text", text: `Step ${i + 1}: listing again.` }, { type: "tool_use", id: `toolu_${i}`, name: "List", input: { path: "." } }],
    }));
    server.enqueue(...loop, { type: "message", blocks: [{ type: "text", text: "Done." }] });
    const run = await runUrsa(["-p", "list the project twenty times"], { cwd: tempDir("ursa-bench-"), env: env(tempDir("ursa-bench-home-")), timeoutMs: 120_000 });
    if (run.code !== 0) throw new Error(`the tool loop failed: ${run.stderr}`);
    const later = server.cache.reuse.slice(1, STEPS);
    const share = (100 * later.reduce((sum, r) => sum + r.cachedChars, 0)) / later.reduce((sum, r) => sum + r.totalChars, 0);

    const home = tempDir("ursa-bench-home-");
    const project = tempDir("ursa-bench-");
    for (const name of ["delta", "alpha", "charlie", "bravo"]) {
      const added = await runUrsa(["mcp", "add", name, "--", process.execPath, FIXTURE, "tools"], { cwd: project, env: env(home) });
      if (added.code !== 0) throw new Error(`ursa mcp add failed: ${added.stderr}`);
    }
    const arrays: string[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      server.enqueue({ type: "message", blocks: [{ type: "text", text: "ok" }] });
      const one = await runUrsa(["-p", "hi"], { cwd: project, env: env(home), timeoutMs: 60_000 });
      if (one.code !== 0) throw new Error(`a run with 4 MCP servers failed: ${one.stderr}`);
      arrays.push(JSON.stringify((server.requests.at(-1)!.body as { tools: unknown }).tools));
    }
    const identical = (100 * arrays.filter((a) => a === arrays[0]).length) / PROCESSES;
    return [
      { name: `input of steps 2–${STEPS} of a ${STEPS}-step tool loop behind an already-sent cache breakpoint`, unit: "%", samples: [share], goal: "≥ 90 %", met: share >= 90 },
      { name: `processes (of ${PROCESSES}, 4 MCP servers) sending the first one's tool array byte for byte`, unit: "%", samples: [identical], goal: "≥ 100 %", met: identical >= 100 },
    ];
  } finally {
    await server.close();
  }
}
