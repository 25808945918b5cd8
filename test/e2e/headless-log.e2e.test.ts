import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runUrsa, tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url });
const logLines = (home: string) => readFileSync(join(home, "logs", "ursa.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("errors and the log", () => {
  it("says so when the Anthropic base URL ends in /v1", async () => {
    const home = tempDir("ursa-home-");
    const run = await runUrsa(["-p", "hi", "--output-format", "json"], { cwd: tempDir("ursa-project-"), env: { ...env(home), ANTHROPIC_BASE_URL: `${server.url}/v1` } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error).toBe(`Anthropic answered 404 because the base URL ${server.url}/v1 ends in /v1 (requests went to ${server.url}/v1/v1/messages). Set ANTHROPIC_BASE_URL (or --base-url) to ${server.url}.`);
    expect(logLines(home).find((l) => l["message"] === "model request failed")).toMatchObject({ status: 404, kind: "not_found" });
  });

  it("logs each request's outcome with retries and tokens, each tool decision and result size, plugins; --verbose mirrors it on stderr", async () => {
    const home = tempDir("ursa-home-");
    server.enqueue(
      { type: "http_error", status: 429, errorType: "rate_limit_error", message: "slow down", headers: { "retry-after-ms": "10" } },
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Write", input: { file_path: "a.txt", content: "abc" } }], usage: { input_tokens: 100, output_tokens: 7, cache_read_input_tokens: 40 } },
      { type: "message", blocks: [{ type: "text", text: "refused" }] },
    );
    const run = await runUrsa(["-p", "write", "--verbose"], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("refused\n");
    const lines = logLines(home);
    expect(lines.find((l) => l["message"] === "model request failed")).toMatchObject({ status: 429, kind: "rate_limited", retryable: true, provider: "anthropic" });
    expect(lines.find((l) => l["message"] === "model request done")).toMatchObject({ status: "ok", inputTokens: 100, outputTokens: 7, cacheReadTokens: 40 });
    expect(lines.find((l) => l["message"] === "model call")).toMatchObject({ retries: 1, inputTokens: 100 });
    expect(lines.find((l) => l["message"] === "tool call needs approval")).toMatchObject({ tool: "Write", effect: "local_mutation" });
    expect(lines.find((l) => l["message"] === "tool result")).toMatchObject({ tool: "Write", decision: "asked", success: false, resultChars: expect.any(Number) });
    expect(lines.find((l) => l["message"] === "plugins activated")).toMatchObject({ failed: 0 });
    expect(run.stderr).toContain("[ursa debug] model request {");
    expect(run.stderr).toContain('[ursa info] tool result {');
  });
});
