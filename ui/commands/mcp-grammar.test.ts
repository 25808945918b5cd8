import { describe, expect, it } from "vitest";
import { parseMcpCommand } from "./mcp-grammar.ts";

const cli = (...words: string[]) => parseMcpCommand(words, "cli");
const dashboard = (...words: string[]) => parseMcpCommand(words, "dashboard");

describe("the MCP grammar", () => {
  it("reads add's options before the command, and everything after -- as the server's", () => {
    expect(cli("add", "fs", "--env", "A=1", "-e", "B=2", "--enable-tools", "read,list", "--enable-tools", "stat", "--disable-tools", "write", "--startup-timeout", "20", "--", "npx", "-y", "server")).toEqual({
      kind: "add",
      name: "fs",
      config: { transport: "stdio", command: "npx", args: ["-y", "server"], env: { A: "1", B: "2" }, enabledTools: ["read", "list", "stat"], disabledTools: ["write"], startupTimeoutSec: 20 },
    });
    expect(cli("add", "fs", "--cwd", "/srv", "node", "server.js")).toEqual({ kind: "add", name: "fs", config: { transport: "stdio", command: "node", args: ["server.js"], cwd: "/srv" } });
  });

  it("refuses an option after the command without --, and says what to write", () => {
    expect(() => cli("add", "fs", "npx", "--env", "A=1")).toThrow('"--env" comes after the command');
    expect(() => cli("add", "fs", "npx", "-y", "pkg")).toThrow("ursa mcp add fs [options] -- npx -y pkg");
    expect(() => dashboard("add", "fs", "npx", "-y", "pkg")).toThrow("/mcp add fs [options] -- npx -y pkg");
    expect(() => cli("add", "bad name", "--", "x")).toThrow(/letters, digits/);
    expect(() => cli("add", "fs")).toThrow("ursa mcp add needs the server's command: ursa mcp add <name> -- <command> [args…]");
    expect(() => cli("add", "fs", "--env", "A", "--", "x")).toThrow('--env takes KEY=VALUE (got "A")');
    expect(() => cli("add", "fs", "--cwd")).toThrow("--cwd needs a value");
    expect(() => cli("add", "fs", "--cwd", "--env", "A=1", "--", "node")).toThrow("--cwd needs a value (got the option --env)");
    expect(cli("add", "fs", "--cwd=-odd-dir", "--", "node")).toMatchObject({ config: { cwd: "-odd-dir" } });
    expect(() => cli("add", "fs", "--tool-timeout", "soon", "--", "x")).toThrow('--tool-timeout must be a positive number of seconds (got "soon")');
  });

  it("parses add-http with headers and tool filters", () => {
    expect(cli("add-http", "docs", "https://x.example/mcp", "--header", "Authorization: Bearer t", "-H", "X-A: 1", "--enable-tools", "search")).toEqual({
      kind: "add",
      name: "docs",
      config: { transport: "http", url: "https://x.example/mcp", headers: { Authorization: "Bearer t", "X-A": "1" }, enabledTools: ["search"] },
    });
    expect(() => cli("add-http", "docs", "ftp://x")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => cli("add-http", "docs")).toThrow("ursa mcp add-http needs a URL: ursa mcp add-http <name> <url>");
    expect(() => cli("add-http", "docs", "https://x.example/mcp", "extra")).toThrow('unexpected argument "extra": ursa mcp add-http <name> <url>');
  });

  it("suggests the option or subcommand a typo meant", () => {
    expect(() => cli("add", "fs", "--enable-tool", "a", "--", "x")).toThrow("ursa mcp add has no option --enable-tool; did you mean --enable-tools?");
    expect(() => dashboard("add-http", "d", "https://x.example", "--headr", "A: b")).toThrow("/mcp add-http has no option --headr; did you mean --header?");
    expect(() => cli("list", "--jsn")).toThrow("ursa mcp list has no option --jsn; did you mean --json?");
    expect(() => cli("lsit")).toThrow('unknown subcommand "lsit"; did you mean "ursa mcp list"? Use add, add-http, list, get, remove, import or approve');
    expect(() => dashboard("reconect", "x")).toThrow('did you mean "/mcp reconnect"?');
    expect(() => cli("frobnicate")).toThrow('unknown subcommand "frobnicate"; use add');
    expect(() => cli()).toThrow("missing subcommand: add, add-http, list, get, remove, import or approve");
  });

  it("reads each surface's other subcommands, with their aliases", () => {
    expect(cli("ls", "--json")).toEqual({ kind: "list", json: true });
    expect(cli("rm", "fs")).toEqual({ kind: "remove", name: "fs" });
    expect(cli("approve", "--deny")).toEqual({ kind: "approve", deny: true });
    expect(cli("--help")).toEqual({ kind: "help" });
    expect(() => cli("get")).toThrow("ursa mcp get needs <name>: ursa mcp get <name>");
    expect(() => cli("list", "x")).toThrow('ursa mcp list takes no arguments (got "x")');
    expect(() => cli("reconnect", "fs")).toThrow('unknown subcommand "reconnect"');
    expect(() => dashboard("list", "--json")).toThrow("/mcp list has no option --json");
    expect(dashboard("resources")).toEqual({ kind: "resources", server: undefined });
    expect(dashboard("attach", "fs", "file:///a")).toEqual({ kind: "attach", server: "fs", uri: "file:///a" });
    expect(dashboard("prompt", "fs", "greet", "who=you", "n=2")).toEqual({ kind: "prompt", server: "fs", name: "greet", args: { who: "you", n: "2" } });
    expect(() => dashboard("prompt", "fs", "greet", "who")).toThrow('/mcp prompt takes its arguments as key=value (got "who")');
  });
});
