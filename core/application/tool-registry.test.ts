import { describe, expect, it } from "vitest";
import type { Tool } from "../ports/tool.ts";
import { ToolRegistry } from "./tool-registry.ts";
import { SCHEMAS } from "../../test/support/schemas.ts";

const tool = (name: string, aliases?: string[]): Tool => ({ name, description: name, parameters: { type: "object" }, ...(aliases ? { aliases } : {}), classify: () => "read_only", execute: async () => ({ output: "", success: true }) });

describe("ToolRegistry names", () => {
  it("finds a tool by the aliases it declares, compared without case, _ - and spaces", () => {
    const r = new ToolRegistry(SCHEMAS);
    r.register(tool("JiraSearch", ["search_issues", "jql"]));
    expect(r.canonicalName("search-issues")).toBe("JiraSearch");
    expect(r.canonicalName("JQL")).toBe("JiraSearch");
    expect(r.canonicalName("jira_search")).toBe("JiraSearch");
    expect(r.canonicalName("unknown_tool")).toBe("unknown_tool");
  });

  it("keeps the first claim of an alias, lets a tool's own name win over another's alias, and forgets aliases on removal", () => {
    const r = new ToolRegistry(SCHEMAS);
    const disposeFirst = r.register(tool("Read", ["view"]));
    r.register(tool("Viewer", ["view"]));
    r.register(tool("Search", ["read"]));
    expect(r.canonicalName("view")).toBe("Read");
    expect(r.canonicalName("read")).toBe("Read");
    disposeFirst();
    expect(r.canonicalName("view")).toBe("view");
  });
});
