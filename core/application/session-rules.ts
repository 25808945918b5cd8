import { parseRule, type PermissionRule } from "../domain/permission-rules.ts";

/** The "always allow" rules the user gave in one session (the approval modal's `a`), on top of the settings' rules. */
export class SessionRules {
  #allowed: PermissionRule[] = [];

  /** Adds `rule` (Claude Code syntax: `Bash(npm test:*)`, `Write`) unless the same text is there already. */
  allow(rule: string): PermissionRule {
    const parsed = parseRule(rule);
    if (!this.#allowed.some((r) => r.text === parsed.text)) this.#allowed = [...this.#allowed, parsed];
    return parsed;
  }

  get allowed(): readonly PermissionRule[] {
    return this.#allowed;
  }

  /** True when a rule with that text was there. */
  remove(text: string): boolean {
    const before = this.#allowed.length;
    this.#allowed = this.#allowed.filter((r) => r.text !== text);
    return this.#allowed.length < before;
  }
}
