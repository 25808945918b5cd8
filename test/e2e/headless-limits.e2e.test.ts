import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireResponse, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => {
  await server.close();
});

function env(home: string): Record<string, string> {
  return { URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home };
}

/** A model that never stops: every reply is another read-only tool call. */
function forever(count: number, usage = { input_tokens: 10, output_tokens: 5 }): AnthropicWireResponse[] {
  return Array.from({ length: count }, (_, i) => ({ type: "message" as const, blocks: [{ type: "tool_use" as const, id: `t${i}`, name: "List", input: { path: "." } }], usage }));
}

describe("bounded headless runs", () => {
  it("--max-turns ends the run with error_max_turns and exit 1", async () => {
    const before = server.requests.length;
    server.enqueue(...forever(3));
    const run = await runUrsa(["-p", "loop", "--max-turns", "3", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(1);
    expect(server.requests.length - before).toBe(3);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ type: "result", subtype: "error_max_turns", is_error: true, num_turns: 3, stop_reason: "max_turns", result: "", error: expect.stringContaining("--max-turns 3") });
  });

  it("the loop cap in a headless run is an error, not a success", async () => {
    const before = server.requests.length;
    server.enqueue(...forever(200));
    const run = await runUrsa(["-p", "loop"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")), timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(server.requests.length - before).toBe(200);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("stopped at the loop cap");
  }, 130_000);

  it("--max-budget-usd stops once the run's cost passes the budget", async () => {
    const before = server.requests.length;
    // claude-sonnet-4-6 at $3 per million input tokens: $0.30 a call.
    server.enqueue(...forever(2, { input_tokens: 100_000, output_tokens: 0 }));
    const run = await runUrsa(["-p", "loop", "--max-budget-usd", "0.5", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(run.code).toBe(1);
    expect(server.requests.length - before).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ subtype: "error_max_budget_usd", is_error: true, num_turns: 2, total_cost_usd: 0.6, cost_usd: 0.6 });

  });

  it("errors before the turn starts still print a JSON result", async () => {
    const ambiguous = await runUrsa(["-p", "hi", "--resume", "zzzz", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(ambiguous.code).toBe(1);
    expect(JSON.parse(ambiguous.stdout)).toMatchObject({ type: "result", subtype: "error_during_execution", is_error: true, session_id: null, error: expect.stringContaining('No session id starts with "zzzz"') });

    const noKey = await runUrsa(["-p", "hi", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: { URSA_HOME: tempDir("ursa-home-") } });
    expect(noKey.code).toBe(1);
    expect(JSON.parse(noKey.stdout)).toMatchObject({ subtype: "error_during_execution", error: expect.stringContaining("ANTHROPIC_API_KEY") });

    const badProvider = await runUrsa(["-p", "hi", "--provider", "nope", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: env(tempDir("ursa-home-")) });
    expect(badProvider.code).toBe(2);
    expect(JSON.parse(badProvider.stdout)).toMatchObject({ is_error: true, error: expect.stringContaining('unknown provider "nope"') });

    const badFlag = await runUrsa(["-p", "hi", "--max-turns", "0", "--output-format=json"], { cwd: tempDir("ursa-project-"), env: {} });
    expect(badFlag.code).toBe(2);
    expect(JSON.parse(badFlag.stdout)).toMatchObject({ is_error: true, error: expect.stringContaining("--max-turns") });
  });
});
