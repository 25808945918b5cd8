import { describe, expect, it } from "vitest";
import { allowRuleReach, decidePermission, globToRegExp, parseRule, parseRules, splitRuleList, type RuleSubject } from "./permission-rules.ts";

const KINDS: Record<string, RuleSubject["kind"]> = { Write: "edit", Edit: "edit", Read: "read", Grep: "read" };
const call = (toolName: string, input: Record<string, unknown> = {}, paths: string[] = [], outside: RuleSubject["outside"] = "none"): RuleSubject => ({ toolName, input, paths, kind: KINDS[toolName] ?? "other", outside, projectRoot: "/p", homeDir: "/home/u" });
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

  it("an allow rule reaches outside the project only where it names the paths (issue: Write after a in safe mode)", () => {
    // The trial: `a` on Write inside.txt kept `Write`; a Write in /tmp ran without asking.
    expect(decide({ allow: ["Write"] }, call("Write", {}, ["/p/inside.txt"]))).toBe("allow");
    expect(decide({ allow: ["Write"] }, call("Write", {}, ["/tmp/trial-outside/evil.txt"], "paths"))).toBeNull();
    expect(decide({ allow: ["Edit"] }, call("Write", {}, ["/p/a.txt", "/etc/x"], "paths"))).toBeNull();
    // A command prefix names no places: `rm` approved inside does not cover rm naming /tmp.
    expect(decide({ allow: ["Bash(rm:*)"] }, call("Bash", { command: "rm inside.txt" }))).toBe("allow");
    expect(decide({ allow: ["Bash(rm:*)"] }, call("Bash", { command: "rm -rf /tmp/x" }, [], "elsewhere"))).toBeNull();
    expect(decide({ allow: ["Bash(echo:*)"] }, call("Bash", { command: "echo x > /tmp/x" }, ["/tmp/x"], "paths"))).toBeNull();
    // A rule naming the place covers it (every path), but nothing it cannot name (a hard link, a run-time target).
    expect(decide({ allow: ["Edit(//tmp/**)"] }, call("Write", {}, ["/tmp/trial-outside/evil.txt"], "paths"))).toBe("allow");
    expect(decide({ allow: ["Edit(//tmp/**)"] }, call("Write", {}, ["/tmp/a", "/etc/b"], "paths"))).toBeNull();
    expect(decide({ allow: ["Edit(**)"] }, call("Write", {}, ["/etc/b"], "paths"))).toBeNull();
    expect(decide({ allow: ["Edit(//tmp/**)"] }, call("Write", {}, ["/tmp/a"], "elsewhere"))).toBeNull();
    // Deny and ask still reach everywhere.
    expect(decide({ deny: ["Write"] }, call("Write", {}, ["/tmp/a"], "paths"))).toBe("deny");
    expect(decide({ ask: ["Bash(rm:*)"] }, call("Bash", { command: "rm -rf /tmp/x" }, [], "elsewhere"))).toBe("ask");
  });

  it("says in words where an allow rule reaches", () => {
    expect(allowRuleReach(parseRule("Write"))).toBe("changes inside the project only");
    expect(allowRuleReach(parseRule("Bash(rm:*)"))).toBe("changes inside the project only");
    expect(allowRuleReach(parseRule("Edit(//tmp/**)"))).toBe("changes at paths matching //tmp/** only");
  });

  it("deny beats ask beats allow; MCP rules by server or tool", () => {
    expect(decide({ allow: ["Read"], deny: ["Read(secret/**)"] }, call("Read", {}, ["/p/secret/x"]))).toBe("deny");
    expect(decide({ allow: ["github__*"], ask: ["github__delete_repo"] }, call("github__delete_repo"))).toBe("ask");
    expect(decide({ allow: ["github__*"] }, call("github__list_issues"))).toBe("allow");
    expect(decide({ allow: ["github__*"] }, call("gitlab__list"))).toBeNull();
  });
});
