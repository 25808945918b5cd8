import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url, HOME: home });

describe("an interrupted or killed run", () => {
  it.each([["SIGINT", 130], ["SIGKILL", null]] as const)("after %s, resuming shows the unanswered prompt and sends nothing on its own", async (signal, code) => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Let me think about this" }, { type: "text", text: "never sent" }], interruption: { kind: "stall", afterBlocks: 1 } });
    let sent = false;
    const run = await runUrsa(["-p", "refactor the parser", "--output-format", "stream-json"], {
      cwd: project,
      env: env(home),
      onOutput: (child, out) => {
        if (!sent && out.stdout.includes(`"type":"text_delta"`)) {
          sent = true;
          child.kill(signal);
        }
      },
    });
    expect(run.code).toBe(code);
    if (signal === "SIGINT") expect(run.stderr).toContain("⚠ Interrupted");

    const before = server.requests.length;
    server.enqueue({ type: "message", blocks: [{ type: "text", text: "Picking up." }] });
    const resumed = await runUrsa(["--continue", "-p", "continue"], { cwd: project, env: env(home) });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('↻ Last turn was interrupted — your prompt was never answered: "refactor the parser"');
    // Exactly one request: the user's "continue"; the interrupted reply is not in it.
    expect(server.requests.length).toBe(before + 1);
    const messages = JSON.stringify((server.requests[before]!.body as { messages: unknown[] }).messages);
    expect(messages).toContain("refactor the parser");
    expect(messages).not.toContain("Let me think");
  });
});
