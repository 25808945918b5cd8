import { describe, expect, it } from "vitest";
import { parseMcpAdd, parseMcpAddHttp } from "./mcp-add-grammar.ts";

describe("the MCP add grammar", () => {
  it("reads options before the command, and everything after -- as the server's", () => {
    expect(parseMcpAdd(["fs", "--env", "A=1", "--enable-tools", "read,list", "--disable-tools", "write", "--", "npx", "-y", "server"])).toEqual({
      name: "fs",
      config: { transport: "stdio", command: "npx", args: ["-y", "server"], env: { A: "1" }, enabledTools: ["read", "list"], disabledTools: ["write"] },
    });
    expect(parseMcpAdd(["fs", "node", "server.js"]).config).toEqual({ transport: "stdio", command: "node", args: ["server.js"] });
  });

  it("refuses an option after the command without --, and says what to write", () => {
    expect(() => parseMcpAdd(["fs", "npx", "--env", "A=1"])).toThrow('"--env" comes after the command');
    expect(() => parseMcpAdd(["fs", "npx", "-y", "pkg"])).toThrow("add fs [options] -- npx -y pkg");
    expect(() => parseMcpAdd(["bad name", "--", "x"])).toThrow(/letters, digits/);
  });

  it("parses add-http with headers and tool filters", () => {
    expect(parseMcpAddHttp(["docs", "https://x.example/mcp", "--header", "Authorization: Bearer t", "--enable-tools", "search"])).toEqual({
      name: "docs",
      config: { transport: "http", url: "https://x.example/mcp", headers: { Authorization: "Bearer t" }, enabledTools: ["search"] },
    });
    expect(() => parseMcpAddHttp(["docs", "ftp://x"])).toThrow(/http:\/\/ or https:\/\//);
  });
});
