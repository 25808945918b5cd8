/**
 * Permission rules in Claude Code's syntax, so that settings and scripts carry over:
 *   `Read`                 every call of a tool
 *   `Bash(npm test:*)`     a command starting with `npm test` (`:*` is a prefix match; without it, the exact command)
 *   `Edit(docs/**)`        a file tool on paths matching a glob (relative to the project root;
 *                          `~/` the home directory, `//` an absolute path)
 *   `server__tool`, `server__*`   an MCP server's tool, or all of its tools
 * `Edit` rules cover every call that changes files at the paths it declares (Edit, Write,
 * Delete, a plugin's file tool), `Read` rules every read-only call with paths (Read, Grep, Glob,
 * List): the call's effect says so, not a list of names. A specifier on a call with a `command`
 * string (Bash) matches the command. Deny beats ask, ask beats allow; a matching rule beats the
 * trust mode's default. An allow rule never reaches outside the project unless it names the
 * place: `Write`, `Edit` or `Bash(rm:*)` cover changes inside the project only, so a change
 * outside it (even in /tmp) asks as if no rule matched; `Edit(//tmp/**)` covers what it names
 * (as in Claude Code, where edits outside the working directory ask unless a rule names them).
 * Pure: the settings files are read in the adapters.
 */
export type PermissionDecision = "allow" | "deny" | "ask";

export interface PermissionRule {
  /** The tool name or MCP pattern as written (`Bash`, `Edit`, `github__*`). */
  readonly tool: string;
  /** What is inside the parentheses; null when the rule names the whole tool. */
  readonly specifier: string | null;
  /** The rule as written, for messages. */
  readonly text: string;
}

export interface PermissionRules {
  readonly allow: readonly PermissionRule[];
  readonly deny: readonly PermissionRule[];
  readonly ask: readonly PermissionRule[];
}

export const NO_RULES: PermissionRules = { allow: [], deny: [], ask: [] };

/** A call as rules see it. */
export interface RuleSubject {
  /** The canonical tool name. */
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The call's paths, absolute. */
  readonly paths: readonly string[];
  /** `edit`: changes files at its declared paths (and nowhere else); `read`: reads paths; `other`: anything else. */
  readonly kind: "read" | "edit" | "other";
  /**
   * Whether a change reaches outside the project root (scratch areas such as /tmp count as
   * outside here): `none`; `paths`, only at `paths`, so a path rule can name them; `elsewhere`,
   * somewhere no rule names (a place known only at run time, a hard link, a path a command
   * names without declaring it). Reads are `none`.
   */
  readonly outside: "none" | "paths" | "elsewhere";
  readonly projectRoot: string;
  readonly homeDir: string;
}

/** Claude Code's rule names for a kind of file access, whatever the tool is called. */
const KIND_RULES: Readonly<Record<string, RuleSubject["kind"]>> = { Edit: "edit", Read: "read" };

/** Parses one rule; throws a RangeError saying what is wrong with it. */
export function parseRule(text: string): PermissionRule {
  const trimmed = text.trim();
  const match = /^([A-Za-z0-9_.*-]+)(?:\((.*)\))?$/s.exec(trimmed);
  if (!match) throw new RangeError(`"${text}" is not a permission rule (write Tool, Tool(specifier) or server__tool)`);
  const tool = match[1]!;
  const specifier = match[2] === undefined ? null : match[2].trim();
  if (specifier === "") throw new RangeError(`"${text}": the parentheses are empty (write ${tool} for every call)`);
  if (tool.includes("*") && !/^[^*]+__\*$/.test(tool)) throw new RangeError(`"${text}": * is allowed only as server__* (all tools of an MCP server)`);
  return { tool, specifier: specifier === "*" || specifier === "**" ? null : specifier, text: trimmed };
}

/**
 * Splits a flag's value into rules: commas or spaces separate them, except inside parentheses
 * (`--allowedTools "Bash(npm test:*),Read"`).
 */
export function splitRuleList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of value) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current.trim() !== "") out.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim() !== "") out.push(current.trim());
  return out;
}

export function parseRules(input: { allow?: readonly string[]; deny?: readonly string[]; ask?: readonly string[] }): PermissionRules {
  return { allow: (input.allow ?? []).map(parseRule), deny: (input.deny ?? []).map(parseRule), ask: (input.ask ?? []).map(parseRule) };
}

/** Later sources add to earlier ones (user settings, project settings, command line). */
export function mergeRules(...sets: readonly PermissionRules[]): PermissionRules {
  return { allow: sets.flatMap((s) => s.allow), deny: sets.flatMap((s) => s.deny), ask: sets.flatMap((s) => s.ask) };
}

/** What the rules say of a call, and which rule said it; null when no rule matches (the mode decides). */
export function decidePermission(rules: PermissionRules, call: RuleSubject): { decision: PermissionDecision; rule: PermissionRule } | null {
  for (const decision of ["deny", "ask", "allow"] as const) {
    const rule = rules[decision].find((r) => matches(r, call, decision));
    if (rule) return { decision, rule };
  }
  return null;
}

function matches(rule: PermissionRule, call: RuleSubject, decision: PermissionDecision): boolean {
  if (!toolMatches(rule.tool, call)) return false;
  const command = call.input["command"];
  // Only a path rule names places; it allows a change outside the project when every path matches it.
  if (decision === "allow" && call.outside !== "none" && (call.outside === "elsewhere" || rule.specifier === null || typeof command === "string")) return false;
  if (rule.specifier === null) return true;
  if (typeof command === "string") return commandMatches(rule.specifier, command, decision);
  if (call.paths.length === 0) return false;
  const glob = globToRegExp(absolutePattern(rule.specifier, call));
  // Deny and ask when any path matches; allow only when every path does.
  return decision === "allow" ? call.paths.every((p) => glob.test(p)) : call.paths.some((p) => glob.test(p));
}

function toolMatches(ruleTool: string, call: RuleSubject): boolean {
  if (ruleTool === call.toolName) return true;
  if (ruleTool.endsWith("__*")) return call.toolName.startsWith(ruleTool.slice(0, -1));
  return KIND_RULES[ruleTool] !== undefined && KIND_RULES[ruleTool] === call.kind;
}

/**
 * `npm test:*` matches `npm test` and `npm test -- foo`, not `npm testing`. A command made of
 * several (`&&`, `||`, `;`, `|`, newlines) is allowed only when every part is, and denied when
 * any part is; command substitution is never allowed by a rule.
 */
function commandMatches(specifier: string, command: string, decision: PermissionDecision): boolean {
  const parts = command.split(/&&|\|\||[;|\n]/).map((p) => p.trim()).filter((p) => p !== "");
  const one = (part: string): boolean => {
    if (specifier.endsWith(":*")) {
      const prefix = specifier.slice(0, -2).trim();
      return part === prefix || part.startsWith(`${prefix} `);
    }
    return part === specifier.trim();
  };
  if (decision === "allow") return !/\$\(|`|<\(|>\(/.test(command) && parts.length > 0 && parts.every(one);
  return parts.some(one) || one(command.trim());
}

/**
 * Where an allow rule lets changes run without asking, in words for the approval dialog and
 * `/permissions`: a tool or command rule, inside the project only; a path rule, what it names.
 */
export function allowRuleReach(rule: PermissionRule): string {
  const commandRule = rule.tool === "Bash" || rule.specifier?.endsWith(":*") === true;
  return rule.specifier === null || commandRule ? "changes inside the project only" : `changes at paths matching ${rule.specifier} only`;
}

function absolutePattern(specifier: string, call: RuleSubject): string {
  if (specifier.startsWith("//")) return specifier.slice(1);
  if (specifier.startsWith("~/")) return `${call.homeDir.replace(/\/+$/, "")}/${specifier.slice(2)}`;
  return `${call.projectRoot.replace(/\/+$/, "")}/${specifier.replace(/^\.?\/+/, "")}`;
}

/** `**` any depth (also none), `*` within one path segment, `?` one character; a directory pattern covers what is under it. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else out += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}(?:/.*)?$`);
}
