import { chmodSync, linkSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const ANTHROPIC_KEY = "sk-ant-e2e-secret-0123456789";
const GEMINI_KEY = "gemini-e2e-secret-abcdef";
const SYNC_TOKEN = "sync-e2e-token-987654";
const FILE_KEY = "sk-openai-from-keys-file-555";
const SECRETS = [ANTHROPIC_KEY, GEMINI_KEY, SYNC_TOKEN, FILE_KEY];

/** Every secret's occurrences in the database files (the main file and its write-ahead log). */
function secretsInDatabase(home: string): string[] {
  const bytes = ["ursa.db", "ursa.db-wal"].map((name) => join(home, name)).filter(existsSync).map((path) => readFileSync(path).toString("latin1"));
  return SECRETS.filter((secret) => bytes.some((text) => text.includes(secret)));
}

describe("Ursa's secrets and a model that looks for them", () => {
  it.each(["node", "deno"] as const)("on %s: `env`, a copy and a hard link of keys.json leave no key in ursa.db, in the events or in the requests", async (runtime) => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const keysFile = join(home, "keys.json");
    writeFileSync(keysFile, JSON.stringify({ OPENAI_API_KEY: FILE_KEY }));
    chmodSync(keysFile, 0o600);
    // What an earlier command could have left in the project: a copy and a hard link.
    writeFileSync(join(project, "copy.json"), readFileSync(keysFile));
    linkSync(keysFile, join(project, "link.json"));
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "env; echo \"key=$ANTHROPIC_API_KEY sync=$URSA_SYNC_TOKEN\"" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t2", name: "Read", input: { file_path: "copy.json" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t3", name: "Read", input: { file_path: "link.json" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t4", name: "Grep", input: { pattern: "sk-" } }] },
      { type: "message", blocks: [{ type: "text", text: "Looked." }] },
    );
    const before = server.requests.length;
    const run = await runUrsa(["-p", "find the keys", "--mode", "auto", "--output-format", "stream-json"], {
      runtime,
      cwd: project,
      env: { URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: ANTHROPIC_KEY, GEMINI_API_KEY: GEMINI_KEY, URSA_SYNC_TOKEN: SYNC_TOKEN, ANTHROPIC_BASE_URL: server.url },
    });
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished.map((e) => [e.name, e.success])).toEqual([["Bash", true], ["Read", true], ["Read", false], ["Grep", true]]);
    // The command ran without the keys; the copy's key was redacted; the hard link was refused.
    expect(finished[0].output).toContain("key= sync=");
    expect(finished[0].output).not.toContain("ANTHROPIC_API_KEY=");
    expect(finished[1].output).toContain("[REDACTED");
    expect(finished[2].output).toContain("hard link");
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
    const sent = JSON.stringify(server.requests.slice(before).map((r) => r.body));
    for (const secret of SECRETS) expect(sent).not.toContain(secret);
    expect(secretsInDatabase(home)).toEqual([]);
  });
});
