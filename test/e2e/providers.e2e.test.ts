import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { startGeminiWireServer, type GeminiWireServer } from "../wire/gemini-wire-server.ts";
import { startOpenAiWireServer, type OpenAiWireServer } from "../wire/openai-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { closedPort } from "../support/provider-testing.ts";

let anthropic: AnthropicWireServer;
let gemini: GeminiWireServer;
let ollama: OpenAiWireServer;
beforeAll(async () => {
  [anthropic, gemini, ollama] = await Promise.all([
    startAnthropicWireServer(),
    startGeminiWireServer(),
    startOpenAiWireServer({ modelInfo: { models: [{ id: "qwen3:8b", ollama: { architecture: "qwen3", contextLength: 40_960, loadedContextLength: 16_384 } }] } }),
  ]);
});
afterAll(async () => Promise.all([anthropic.close(), gemini.close(), ollama.close()]));

const env = (home: string) => ({
  URSA_HOME: home, HOME: home,
  ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: anthropic.url,
  GEMINI_API_KEY: "g-test", GEMINI_BASE_URL: gemini.url,
});

describe("providers end to end", () => {
  it("a local OpenAI-compatible server (Ollama): no key, the model it has loaded, its context window, no cost", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    ollama.enqueue(
      { type: "completion", toolCalls: [{ id: "call_1", name: "Write", arguments: { file_path: "o.txt", content: "local\n" }, whole: true }], usage: { prompt_tokens: 900, completion_tokens: 20, cached_tokens: 100 } },
      { type: "completion", text: "Wrote o.txt locally.", usage: { prompt_tokens: 1000, completion_tokens: 8 } },
    );
    const run = await runUrsa(["-p", "write o.txt", "--provider", "ollama", "--base-url", ollama.baseUrl, "--mode", "auto", "--output-format", "stream-json"], { cwd: project, env: env(home) });
    expect(run.stderr).toBe("");
    const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.find((e) => e.type === "status_changed")).toMatchObject({ provider: "ollama", model: "qwen3:8b" });
    // The window Ollama runs the model with, not the model's trained maximum.
    expect(events.find((e) => e.type === "context_usage").max).toBe(16_384);
    expect(events.find((e) => e.type === "usage_reported")).toMatchObject({ costUsd: 0, usage: { promptTokens: 1800, cacheReadTokens: 100, completionTokens: 28 } });
    // The server's cached tokens reach the result scripts read.
    expect(events.at(-1)).toMatchObject({ type: "result", usage: { input_tokens: 1800, cache_read_input_tokens: 100, output_tokens: 28 } });
    expect(readFileSync(join(project, "o.txt"), "utf8")).toBe("local\n");
    const second = ollama.chatRequests().at(-1)!.body as { model: string; messages: { role: string; tool_call_id?: string }[] };
    expect(second.model).toBe("qwen3:8b");
    expect(second.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(second.messages[3]!.tool_call_id).toBe("call_1");
  });

  it("switching from Anthropic to an OpenAI-compatible server mid-session converts the history, tool calls included", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    anthropic.enqueue(
      { type: "message", blocks: [{ type: "text", text: "Reading it." }, { type: "tool_use", id: "toolu_r", name: "Bash", input: { command: "echo hi" } }] },
      { type: "message", blocks: [{ type: "text", text: "It printed hi." }] },
    );
    const first = JSON.parse((await runUrsa(["-p", "run echo hi", "--mode", "auto", "--output-format", "json"], { cwd: project, env: env(home) })).stdout);
    expect(first).toMatchObject({ provider: "anthropic", subtype: "success" });
    ollama.enqueue({ type: "completion", text: "Local model here." });
    const before = ollama.chatRequests().length;
    const second = await runUrsa(["--resume", first.session_id, "--provider", "ollama", "--base-url", ollama.baseUrl, "-p", "and you?", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(JSON.parse(second.stdout)).toMatchObject({ provider: "ollama", model: "qwen3:8b", result: "Local model here." });
    const messages = (ollama.chatRequests()[before]!.body as { messages: { role: string; content: unknown; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] }).messages;
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
    expect(messages[2]!.tool_calls?.[0]).toMatchObject({ id: "toolu_r", function: { name: "Bash", arguments: JSON.stringify({ command: "echo hi" }) } });
    expect(messages[3]).toMatchObject({ role: "tool", tool_call_id: "toolu_r" });
    expect(String(messages[3]!.content)).toContain("Exit code: 0");
  });

  it.each([["with --model", ["--model", "m"]], ["without --model", []]] as const)("a local server that is not running gets one clear line at once, without retries (%s)", async (_, model) => {
    const port = await closedPort();
    const home = tempDir("ursa-home-");
    const run = await runUrsa(["-p", "hi", "--provider", "lmstudio", "--base-url", `http://127.0.0.1:${port}/v1`, ...model], { cwd: tempDir("ursa-project-"), env: env(home) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`✗ Could not reach http://127.0.0.1:${port}/v1 — is LM Studio running? (connect ECONNREFUSED 127.0.0.1:${port})`);
    expect(run.stderr).not.toContain("Retrying");
    // The session remembers why, as the sessions pane shows it: in the words printed above.
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      const [session] = await store.sessions.listSessions({ limit: 5 });
      expect(await store.sessions.getMetadata(session!.id, "turn_failure")).toBe(`Could not reach http://127.0.0.1:${port}/v1 — is LM Studio running? (connect ECONNREFUSED 127.0.0.1:${port})`);
    } finally {
      await store.close();
    }
  });

  it("a tool-using headless turn over Gemini's wire", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    gemini.enqueue(
      { type: "message", parts: [{ type: "function_call", name: "Write", args: { file_path: "g.txt", content: "from gemini\n" } }] },
      { type: "message", parts: [{ type: "text", text: "Wrote g.txt." }], usage: { promptTokenCount: 500, candidatesTokenCount: 9, cachedContentTokenCount: 300 } },
    );
    const run = await runUrsa(["-p", "write g.txt", "--provider", "gemini", "--mode", "auto", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ subtype: "success", provider: "gemini", model: "gemini-2.5-flash", result: "Wrote g.txt." });
    // Gemini's implicit cache: its cached tokens are reported apart from the uncached input.
    expect(JSON.parse(run.stdout).usage).toMatchObject({ input_tokens: 10 + 200, cache_read_input_tokens: 300 });
    expect(readFileSync(join(project, "g.txt"), "utf8")).toBe("from gemini\n");
    // The second request carried the function call and its response back in Gemini's shape.
    const second = JSON.stringify(gemini.requests.at(-1)!.body);
    expect(second).toContain('"functionCall"');
    expect(second).toContain('"functionResponse"');
  });

  it("switching from Anthropic to Gemini mid-session: the next turn goes to Gemini with the whole history, and resume keeps Gemini", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    anthropic.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "toolu_9", name: "Write", input: { file_path: "a.txt", content: "a" } }] },
      { type: "message", blocks: [{ type: "text", text: "Anthropic wrote a.txt." }] },
    );
    const first = JSON.parse((await runUrsa(["-p", "write a.txt", "--mode", "auto", "--output-format", "json"], { cwd: project, env: env(home) })).stdout);
    expect(first).toMatchObject({ provider: "anthropic", subtype: "success" });

    gemini.enqueue({ type: "message", parts: [{ type: "text", text: "Gemini here; a.txt exists." }] });
    const before = gemini.requests.length;
    const second = await runUrsa(["--resume", first.session_id, "--provider", "gemini", "-p", "what did you write?", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(JSON.parse(second.stdout)).toMatchObject({ provider: "gemini", result: "Gemini here; a.txt exists." });
    const contents = (gemini.requests[before]!.body as { contents: { role: string; parts: Record<string, unknown>[] }[] }).contents;
    expect(contents.map((c) => c.role)).toEqual(["user", "model", "user", "model", "user"]);
    expect(JSON.stringify(contents[1])).toContain('"functionCall"');
    expect(JSON.stringify(contents[2])).toContain('"functionResponse"');

    gemini.enqueue({ type: "message", parts: [{ type: "text", text: "still Gemini" }] });
    const third = await runUrsa(["--continue", "-p", "and now?", "--output-format", "json"], { cwd: project, env: env(home) });
    expect(JSON.parse(third.stdout)).toMatchObject({ provider: "gemini", result: "still Gemini" });

    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      const replies = (await store.messages.loadAllMessages(first.session_id)).filter((m) => m.role === "assistant");
      expect(replies.map((m) => m.provider)).toEqual(["anthropic", "anthropic", "gemini", "gemini"]);
    } finally {
      await store.close();
    }
  });
});
