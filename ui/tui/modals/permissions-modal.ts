import type { SessionHandle } from "../../../core/ports/driving/session-handle.ts";
import type { Key } from "../keys.ts";
import { span, type StyledLine } from "../view-model/styled.ts";
import type { Modal } from "./modal.ts";
import { allowRuleReach } from "../../../core/domain/permission-rules.ts";

/** `/permissions`: the session's "always allow" rules; d removes the selected one. */
export class PermissionsModal implements Modal {
  readonly title = " Permissions ";
  readonly sessionId = null;
  readonly hint = "↑/↓ select · d remove · Esc close";
  readonly #session: SessionHandle;
  #index = 0;

  constructor(session: SessionHandle) {
    this.#session = session;
  }

  rows(): StyledLine[] {
    const rules = this.#session.sessionRules();
    const head: StyledLine[] = [
      [span("Always allowed in this session (chosen with a in an approval):", "bold")],
      [span("Rules in settings files and --allowedTools apply too; they are not listed here.", "dim")],
      [span("A change outside the project (/tmp too) still asks unless a rule names its path, e.g. Edit(//tmp/**).", "dim")],
      [],
    ];
    if (rules.length === 0) return [...head, [span("none yet", "dim")]];
    return [...head, ...rules.map((r, i): StyledLine => [span(`${i === this.#index ? "›" : " "} allow ${r.text}: ${allowRuleReach(r)}`, i === this.#index ? "selected" : undefined)])];
  }

  key(key: Key): boolean {
    const rules = this.#session.sessionRules();
    if (key.name === "escape" || key.name === "enter" || key.ch === "q") return true;
    if (key.name === "up") this.#index = Math.max(0, this.#index - 1);
    else if (key.name === "down") this.#index = Math.min(Math.max(0, rules.length - 1), this.#index + 1);
    else if ((key.ch === "d" || key.name === "delete") && rules[this.#index]) {
      this.#session.removeSessionRule(rules[this.#index]!.text);
      this.#index = Math.min(this.#index, Math.max(0, rules.length - 2));
    }
    return false;
  }
}
