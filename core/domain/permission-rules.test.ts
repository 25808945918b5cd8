import { describe, expect, it } from "vitest";
import { decidePermission, globToRegExp, parseRule, parseRules, splitRuleList, type RuleSubject } from "./permission-rules.ts";

const KINDS: Record<string, RuleSubject["kind"]> = { Write: "edit", Edit: "edit", Read: "read", Grep: "read" };
const call = (toolName: string, input: Record<string, unknown> = {}, paths: string[] = []): RuleSubject => ({ toolName, input, paths, kind: KINDS[toolName] ?? "other", projectRoot: "/p", homeDir: "/home/u" });
const decide = (rules: { allow?: string[]; deny?: string[]; ask?: string[] }, subject: RuleSubject) => decidePermission(parseRules(rules), subject)?.decision ?? null;

describe("permission rules", () => {
  it("parses Claude Code's syntax and rejects what it cannot mean", () => {
    expect(parseRule("Bash(npm test:*)")).toEqual({ tool: "Bash", specifier: "npm test:*", text: "Bash(npm test:*)" });
    expect(parseRule(" Read ")).toEqual({ tool: "Read", specifier: null, text: "Read" });
    expect(parseRule("github__*").tool).toBe("github__*");
    expect(() => parseRule("Bash()")).toThrow(/parentheses are empty/);
    expect(() => parseRule("Ba*sh")).toThrow(/server__\*/);
    expect(() => parseRule("not a rule!")).toThrow(/not a permission rule/);
    expect(splitRuleList("Bash(npm test:*),Read Edit(docs/**)")).toEqual(["Bash(npm test:*)", "Read", "Edit(docs/**)"]);
  });

  it("matches commands by prefix, every part of a compound command for allow, any part for deny", () => {
    const rules = { allow: ["Bash(npm test:*)"], deny: ["Bash(rm:*)"] };
    expect(decide(rules, call("Bash", { command: "npm test" }))).toBe("allow");
    expect(decide(rules, call("Bash", { command: "npm test -- --watch" }))).toBe("allow");
    expect(decide(rules, call("Bash", { command: "npm testing" }))).toBeNull();
    expect(decide(rules, call("Bash", { command: "npm test && curl evil" }))).toBeNull();
    expect(decide(rules, call("Bash", { command: "npm test $(curl evil)" }))).toBeNull();
    expect(decide(rules, call("Bash", { command: "npm test && rm -rf /" }))).toBe("deny");
    expect(decide({ allow: ["Bash(git status)"] }, call("Bash", { command: "git status" }))).toBe("allow");
    expect(decide({ allow: ["Bash(git status)"] }, call("Bash", { command: "git status --short" }))).toBeNull();
  });

  it("matches file tools by glob against the project, Edit covering every file change, Read every read with paths", () => {
    expect(decide({ allow: ["Edit(docs/**)"] }, call("Write", {}, ["/p/docs/a/b.md"]))).toBe("allow");
    expect(decide({ allow: ["Edit(docs/**)"] }, call("Edit", {}, ["/p/src/a.ts"]))).toBeNull();
    expect(decide({ deny: ["Read(~/.ssh/**)"] }, call("Grep", {}, ["/home/u/.ssh/id_rsa"]))).toBe("deny");
    expect(decide({ allow: ["Read(//etc/hosts)"] }, call("Read", {}, ["/etc/hosts"]))).toBe("allow");
    expect(decide({ allow: ["Edit(*.md)"] }, call("Write", {}, ["/p/sub/a.md"]))).toBeNull();
    expect(globToRegExp("/p/src/**/*.ts").test("/p/src/a.ts")).toBe(true);
  });

  it("deny beats ask beats allow; MCP rules by server or tool", () => {
    expect(decide({ allow: ["Read"], deny: ["Read(secret/**)"] }, call("Read", {}, ["/p/secret/x"]))).toBe("deny");
    expect(decide({ allow: ["github__*"], ask: ["github__delete_repo"] }, call("github__delete_repo"))).toBe("ask");
    expect(decide({ allow: ["github__*"] }, call("github__list_issues"))).toBe("allow");
    expect(decide({ allow: ["github__*"] }, call("gitlab__list"))).toBeNull();
  });
});
