import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCliArgs } from "../../adapters/main/cli-args.ts";
import { loadConfig } from "../../adapters/main/config.ts";
import { createContainer } from "../../adapters/main/container.ts";
import { resolve } from "../../adapters/main/provide.ts";
import { MCP_SERVERS } from "../../adapters/main/tokens.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { TOOL_SOURCE } from "../../core/ports/tool-source.ts";
import { EVERYTHING, FIXTURE, isAlive } from "../fixtures/mcp-servers.ts";
import { tempDir } from "../support/cli.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

interface WireBody {
  system?: unknown;
  tools?: { name: string }[];
  messages: unknown[];
}

const text = (t: string) => ({ type: "message" as const, blocks: [{ type: "text" as const, text: t }] });

describe("MCP servers in a running Ursa", () => {
  it("are shared by every session, and added or removed between turns without a restart", { timeout: 60_000 }, async () => {
    const home = tempDir("ursa-home-");
    const project = tempDir("ursa-project-");
    const env = { URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url };
    const container = createContainer(loadConfig(parseCliArgs(["--project-root", project]), env, project));
    const lastRequest = () => server.requests.at(-1)!.body as WireBody;
    const toolNames = () => lastRequest().tools!.map((t) => t.name);
    let everythingPid = 0;
    try {
      const sessions = await resolve(container, SESSIONS_API);
      const servers = await resolve(container, MCP_SERVERS);
      expect(await resolve(container, TOOL_SOURCE)).toBe(servers);
      const first = await sessions.create("auto");
      const second = await sessions.create("auto");

      server.enqueue(text("no MCP yet"));
      expect(await first.prompt("hello")).toEqual({ kind: "complete" });
      expect(toolNames()).toContain("Read");
      expect(toolNames().some((n) => n.includes("__"))).toBe(false);

      await servers.add("fx", { transport: "stdio", command: process.execPath, args: [FIXTURE] });
      await servers.add("everything", { transport: "stdio", command: process.execPath, args: [EVERYTHING] });
      await servers.settled();
      everythingPid = servers.status().find((s) => s.name === "everything")!.pid!;

      // The other session, already open, calls the new tool in its next turn.
      server.enqueue(
        { type: "message", blocks: [{ type: "tool_use", id: "t1", name: "fx__good", input: { text: "shared" } }] },
        text("used it"),
      );
      expect(await second.prompt("use the fixture")).toEqual({ kind: "complete" });
      const withTool = server.requests.at(-2)!.body as WireBody;
      expect(withTool.tools!.map((t) => t.name)).toEqual(expect.arrayContaining(["fx__good", "everything__echo"]));
      expect(JSON.stringify(withTool.system)).toContain("---[start of server instructions from fx]---\\nFixture instructions: call good first.\\n---[end of server instructions from fx]---");
      expect(JSON.stringify(lastRequest().messages.at(-1))).toContain('good: {\\"text\\":\\"shared\\"}');

      server.enqueue(text("first sees it too"));
      await first.prompt("and you?");
      expect(toolNames()).toContain("fx__good");

      // A server inherits Ursa's environment, but not its provider keys.
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "t2", name: "fx__env", input: { name: "ANTHROPIC_API_KEY" } }] }, text("checked"));
      await first.prompt("what key do you see?");
      const seen = JSON.stringify(lastRequest().messages.at(-1));
      expect(seen).toContain("(unset)");
      expect(seen).not.toContain("sk-test");

      expect(await servers.remove("fx")).toBe(true);
      server.enqueue(text("gone"));
      await first.prompt("now?");
      expect(toolNames().some((n) => n.startsWith("fx__"))).toBe(false);
      expect(toolNames()).toContain("everything__echo");
      expect(JSON.stringify(lastRequest().system)).not.toContain("server instructions from fx");
    } finally {
      await container.unbindAllAsync();
    }
    // Unbinding the container closes the servers that were still running.
    expect(everythingPid).toBeGreaterThan(0);
    expect(isAlive(everythingPid)).toBe(false);
  });
});
