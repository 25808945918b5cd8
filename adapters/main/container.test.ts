import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { tempDir } from "../../test/support/cli.ts";
import { parseCliArgs } from "./cli-args.ts";
import { loadConfig } from "./config.ts";
import { chooseModel, createContainer } from "./container.ts";
import { openLibsqlStore } from "../libsql-store/mod.ts";
import { resolve } from "./provide.ts";
import { AGENT } from "./tokens.ts";

describe("the composition root", () => {
  it("opens and runs sessions without a provider key; the turn says how to configure one", async () => {
    const home = tempDir("ursa-home-");
    const config = loadConfig(parseCliArgs([]), { URSA_HOME: home, HOME: home }, tempDir("ursa-project-"));
    const container = createContainer(config);
    try {
      const sessions = await resolve(container, SESSIONS_API);
      const session = await sessions.create("safe");
      expect(session.providerName).toBe("anthropic");
      const reason = await session.prompt("hello");
      expect(reason).toMatchObject({ kind: "error", message: expect.stringMatching(/^No API key for anthropic: set ANTHROPIC_API_KEY/) });
      // The session and the prompt are stored all the same, to be resumed ("continue") once a key
      // is set; the failure in the words the turn said.
      expect((await sessions.resume(session.id)).interruption).toEqual({ kind: "failed", reason: (reason as { message: string }).message });
    } finally {
      await container.unbindAllAsync();
    }
  });

  it("loads every built-in tool through the plugin host", async () => {
    const home = tempDir("ursa-home-");
    const container = createContainer(loadConfig(parseCliArgs([]), { URSA_HOME: home, HOME: home }, tempDir("ursa-project-")));
    try {
      const agent = await resolve(container, AGENT);
      expect([...agent.tools.names].sort()).toEqual(
        ["AskUser", "Bash", "Delete", "Edit", "Glob", "Grep", "List", "MemoryRead", "MemoryWrite", "Read", "RecallContext", "Task", "TodoWrite", "WebFetch", "Write"],
      );
    } finally {
      await container.unbindAllAsync();
    }
  });

  it("redacts tool output of a key written to keys.json after start (the key the next request uses)", async () => {
    const home = tempDir("ursa-home-");
    const container = createContainer(loadConfig(parseCliArgs([]), { URSA_HOME: home, HOME: home }, tempDir("ursa-project-")));
    try {
      const agent = await resolve(container, AGENT);
      expect(agent.secrets).toEqual([]);
      writeFileSync(join(home, "keys.json"), JSON.stringify({ ANTHROPIC_API_KEY: "sk-ant-written-while-running" }), { mode: 0o600 });
      expect(agent.secrets).toEqual(["sk-ant-written-while-running"]);
    } finally {
      await container.unbindAllAsync();
    }
  });

  it("puts the project's memory file and the global memory into the system prompt", async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    writeFileSync(join(project, "AGENTS.md"), "Use tabs.\n");
    writeFileSync(join(home, "memory.md"), "- The user is Ada.\n");
    const container = createContainer(loadConfig(parseCliArgs([]), { URSA_HOME: home, HOME: home }, project));
    try {
      const { systemPrompt } = await resolve(container, AGENT);
      expect(systemPrompt).toContain("# Memory");
      expect(systemPrompt).toContain("## AGENTS.md\nUse tabs.");
      expect(systemPrompt).toContain("## Global memory\n- The user is Ada.");
    } finally {
      await container.unbindAllAsync();
    }
  });

  it("chooses a session's provider and model: saved ones on resume, flags switch, environment only for new sessions", async () => {
    const store = await openLibsqlStore({ url: ":memory:", deviceId: "d" });
    try {
      const home = tempDir("ursa-home-");
      const config = (argv: string[], env: Record<string, string> = {}) => loadConfig(parseCliArgs(argv), { URSA_HOME: home, HOME: home, ...env }, tempDir("ursa-project-"));
      const fresh = await store.sessions.createSession({ agentName: "main", project: { root: "/p", key: "k" } });
      expect(await chooseModel(config([], { URSA_PROVIDER: "openai", URSA_MODEL: "gpt-5-mini" }), store.sessions, fresh)).toMatchObject({ providerName: "openai", model: "gpt-5-mini" });
      expect(await chooseModel(config(["--provider", "ollama"], { URSA_MODEL: "claude-x" }), store.sessions, fresh)).toMatchObject({ providerName: "ollama", model: undefined });

      const resumed = await store.sessions.createSession({ agentName: "main", project: { root: "/p", key: "k" } });
      await store.sessions.setMetadata(resumed, "provider", "gemini");
      await store.sessions.setMetadata(resumed, "model", "gemini-2.5-pro");
      // The environment does not move a resumed session.
      expect(await chooseModel(config([], { URSA_PROVIDER: "openai", URSA_MODEL: "gpt-5" }), store.sessions, resumed)).toMatchObject({ providerName: "gemini", model: "gemini-2.5-pro" });
      // A flag does; another provider starts on its own default model.
      expect(await chooseModel(config(["--provider", "openai"]), store.sessions, resumed)).toMatchObject({ providerName: "openai", model: undefined });
      expect(await chooseModel(config(["--model", "gemini-2.5-flash"]), store.sessions, resumed)).toMatchObject({ providerName: "gemini", model: "gemini-2.5-flash" });
    } finally {
      await store.close();
    }
  });
});
