import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const todos = (status: string) => [
  { content: "create the greeting", status: "completed", priority: "high" },
  { content: "check it", status, priority: "medium" },
];

describe.each(["node", "deno"] as const)("a scripted multi-tool turn on %s", (runtime) => {
  it("writes, edits, runs a command and updates todos; the database holds the file changes and the todo list", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "TodoWrite", input: { todos: todos("in_progress") } }, { type: "tool_use", id: "t2", name: "Write", input: { file_path: "hello.txt", content: "hello world\n" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t3", name: "Edit", input: { file_path: "hello.txt", replacements: [{ old_str: "world", new_str: "ursa" }] } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t4", name: "Bash", input: { command: "wc -w hello.txt && echo done > log.txt" } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "t5", name: "TodoWrite", input: { todos: todos("completed") } }] },
      { type: "message", blocks: [{ type: "text", text: "All done." }] },
    );
    const run = await runUrsa(["-p", "greet", "--mode", "auto", "--output-format", "stream-json"], { runtime, cwd: project, env: { URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished.map((e) => [e.name, e.success])).toEqual([["TodoWrite", true], ["Write", true], ["Edit", true], ["Bash", true], ["TodoWrite", true]]);
    expect(finished[3].output).toMatch(/^Exit code: 0/);
    expect(finished[3].output).toContain("2 hello.txt");
    expect(events.filter((e) => e.type === "todo_updated")).toHaveLength(2);
    expect(events.filter((e) => e.type === "file_changed").map((e) => [e.change.kind, e.change.tool, e.change.path.split("/").pop()])).toEqual([
      ["created", "Write", "hello.txt"], ["modified", "Edit", "hello.txt"], ["created", "Bash", "log.txt"],
    ]);
    expect(readFileSync(join(project, "hello.txt"), "utf8")).toBe("hello ursa\n");

    const sessionId = events[0].sessionId;
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      const changes = await store.fileChanges.listFileChanges(sessionId);
      expect(changes.map((c) => [c.path.slice(project.length + 1), c.kind, c.added, c.removed, c.tool])).toEqual([
        ["hello.txt", "created", 1, 0, "Write"], ["hello.txt", "modified", 1, 1, "Edit"], ["log.txt", "created", 1, 0, "Bash"],
      ]);
      // Both were created by the agent, exactly tracked (log.txt as the command's declared redirect target).
      expect((await store.fileChanges.ownedFiles(sessionId)).sort()).toEqual([join(project, "hello.txt"), join(project, "log.txt")]);
      expect(JSON.parse((await store.sessions.getTodo(sessionId))!)).toEqual(todos("completed"));
      // The Bash result's full output is kept for RecallContext.
      const bash = (await store.messages.loadAllMessages(sessionId)).find((m) => m.toolCallId === "t4")!;
      expect(bash.content).toMatch(/^Exit code: 0/);
    } finally {
      await store.close();
    }
  });
});

describe("a sub-agent from the command line", () => {
  it("runs the Task tool's child session, streams its events, and stores it under the parent", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    server.enqueue(
      { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "Task", input: { description: "count files", prompt: "How many files are there? Use List." } }] },
      { type: "message", blocks: [{ type: "tool_use", id: "c1", name: "List", input: {} }] },
      { type: "message", blocks: [{ type: "text", text: "None: the project is empty." }] },
      { type: "message", blocks: [{ type: "text", text: "The sub-agent found no files." }] },
    );
    const run = await runUrsa(["-p", "count", "--output-format", "stream-json"], { cwd: project, env: { URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url } });
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const parent = events[0].sessionId;
    const started = events.find((e) => e.type === "subagent_started");
    expect(started).toMatchObject({ sessionId: parent, agentName: "task", description: "count files" });
    expect(events.find((e) => e.sessionId === started.childSessionId && e.type === "tool_call_started")).toMatchObject({ name: "List" });
    expect(events.at(-2)).toMatchObject({ sessionId: parent, type: "turn_ended", reason: { kind: "complete" } });
    const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
    try {
      expect(await store.sessions.getSession(started.childSessionId)).toMatchObject({ parentId: parent, title: "count files" });
    } finally {
      await store.close();
    }
  });
});
