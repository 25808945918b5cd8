import { describe, expect, it } from "vitest";
import { expandEnv } from "./expand-env.ts";
import { importMcpServers } from "./import-format.ts";
import { describeTarget, nameProblem, parseServerConfig, toolEnabled } from "./server-config.ts";

describe("server names", () => {
  it("accepts letters, digits, _ and -", () => {
    expect(nameProblem("my-server_2")).toBeNull();
  });

  it.each([
    ["a b", 'may contain only letters, digits, "_" and "-"'],
    ["a.b", 'may contain only letters, digits, "_" and "-"'],
    ["", 'may contain only letters, digits, "_" and "-"'],
    ["git__hub", 'may not contain "__"'],
    ["x".repeat(41), "at most 40 characters"],
  ])("rejects %j", (name, problem) => {
    expect(nameProblem(name)).toContain(problem);
  });
});

describe("parseServerConfig", () => {
  it("keeps a complete stdio configuration", () => {
    const raw = { transport: "stdio", command: "npx", args: ["-y", "srv"], env: { K: "v" }, cwd: "/w", startupTimeoutSec: 5, toolTimeoutSec: 9, enabledTools: ["a"], disabledTools: ["b"] };
    expect(parseServerConfig(raw)).toEqual({ ok: true, config: raw });
  });

  it("defaults args to an empty list", () => {
    expect(parseServerConfig({ transport: "stdio", command: "srv" })).toEqual({ ok: true, config: { transport: "stdio", command: "srv", args: [] } });
  });

  it("keeps an http configuration with headers", () => {
    const raw = { transport: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer ${TOKEN}" } };
    expect(parseServerConfig(raw)).toEqual({ ok: true, config: raw });
  });

  it.each([
    [null, "must be a JSON object"],
    [{ transport: "stdio", command: " " }, "needs a non-empty command"],
    [{ transport: "stdio", command: "x", args: "a b" }, "args must be a list of strings"],
    [{ transport: "stdio", command: "x", env: { A: 1 } }, "env must map names to strings"],
    [{ transport: "http" }, "needs a url"],
    [{ transport: "http", url: "ftp://x" }, "must start with http:// or https://"],
    [{ transport: "http", url: "not a url" }, "not a valid URL"],
    [{ transport: "websocket", url: "ws://x" }, 'transport must be "stdio" or "http"'],
    [{ transport: "stdio", command: "x", toolTimeoutSec: 0 }, "toolTimeoutSec must be a positive number"],
    [{ transport: "stdio", command: "x", enabledTools: "a" }, "enabledTools must be a list of tool names"],
  ])("rejects %j", (raw, error) => {
    const parsed = parseServerConfig(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.error).toContain(error);
  });

  it("describes the target as the command line or the URL", () => {
    expect(describeTarget({ transport: "stdio", command: "node", args: ["s.js", "--x"] })).toBe("node s.js --x");
    expect(describeTarget({ transport: "http", url: "http://h/mcp" })).toBe("http://h/mcp");
  });

  it("lets an allowlist win over a denylist", () => {
    const both = { transport: "stdio", command: "x", args: [], enabledTools: ["a"], disabledTools: ["a", "b"] } as const;
    expect(toolEnabled(both, "a")).toBe(true);
    expect(toolEnabled(both, "c")).toBe(false);
    const deny = { transport: "stdio", command: "x", args: [], disabledTools: ["b"] } as const;
    expect(toolEnabled(deny, "b")).toBe(false);
    expect(toolEnabled(deny, "c")).toBe(true);
  });
});

describe("expandEnv", () => {
  it("expands variables and defaults", () => {
    expect(expandEnv("Bearer ${TOKEN} ${MISSING:-none} $PLAIN", { TOKEN: "t0k" })).toBe("Bearer t0k none $PLAIN");
  });

  it("names an unset variable", () => {
    expect(() => expandEnv("${GITHUB_TOKEN}", {})).toThrow("the environment variable GITHUB_TOKEN is not set");
  });
});

describe("importMcpServers", () => {
  it("reads stdio, http and sse entries and says why others are skipped", () => {
    const result = importMcpServers({
      mcpServers: {
        files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], env: { DEBUG: "1" } },
        remote: { url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer ${TOKEN}" } },
        legacy: { type: "sse", url: "https://old.example.com/sse" },
        typed: { type: "stdio", command: "srv" },
        "bad name": { command: "x" },
        nothing: {},
        off: { command: "x", disabled: true },
        ws: { type: "websocket", url: "ws://x" },
        broken: { command: "x", args: [1] },
      },
    });
    expect(result).toEqual([
      { name: "files", config: { transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], env: { DEBUG: "1" } } },
      { name: "remote", config: { transport: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer ${TOKEN}" } } },
      { name: "legacy", config: { transport: "http", url: "https://old.example.com/sse" } },
      { name: "typed", config: { transport: "stdio", command: "srv", args: [] } },
      { name: "bad-name", originalName: "bad name", config: { transport: "stdio", command: "x", args: [] } },
      { name: "nothing", skipped: "the entry has neither a command nor a url" },
      { name: "off", skipped: "disabled in the file" },
      { name: "ws", skipped: 'unsupported transport type "websocket"' },
      { name: "broken", skipped: "args must be a list of strings" },
    ]);
  });

  it("accepts VS Code's servers key and refuses a file without servers", () => {
    expect(importMcpServers({ servers: { a: { command: "x" } } })).toEqual([{ name: "a", config: { transport: "stdio", command: "x", args: [] } }]);
    expect(() => importMcpServers({ other: {} })).toThrow('the file has no "mcpServers" (or opencode "mcp") object');
  });
});
