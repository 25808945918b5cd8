import { describe, expect, it } from "vitest";
import { findToolClashes } from "./tool-clash.ts";

const tool = (name: string) => ({ name, description: "", parameters: {} });

describe("tool-name clashes", () => {
  it("names the built-in, the installed plugin or the other new plugin a name clashes with, ignoring case", () => {
    const taken = [{ name: "Read", owner: "the built-in tool Read" }, { name: "Jira", owner: "the tool Jira of the installed plugin acme.jira" }];
    expect(findToolClashes([{ id: "a.b", tools: [tool("read"), tool("JIRA"), tool("Fine")] }, { id: "c.d", tools: [tool("fine")] }], taken)).toEqual([
      "a.b: its tool read clashes with the built-in tool Read",
      "a.b: its tool JIRA clashes with the tool Jira of the installed plugin acme.jira",
      "c.d: its tool fine clashes with the tool Fine of a.b, also being installed",
    ]);
  });

  it("keeps __ for MCP tools, so no plugin tool can ever clash with a server's", () => {
    expect(findToolClashes([{ id: "a.b", tools: [tool("github__search")] }], [])).toEqual(['a.b: its tool github__search contains "__", which Ursa keeps for MCP tools (<server>__<tool>)']);
  });
});
