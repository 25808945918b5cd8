import type { ApprovalDecision } from "../../../core/domain/engine-command.ts";
import type { DiffPreview } from "../../../core/domain/engine-event.ts";
import type { ApprovalRequest } from "../../../core/ports/interaction.ts";
import type { Key } from "../keys.ts";
import { EditorModel } from "../view-model/editor.ts";
import { diffSpan } from "../view-model/highlight.ts";
import { sanitize, span, type StyledLine } from "../view-model/styled.ts";
import { editKey, ScrollText, type Modal } from "./modal.ts";
import { suggestRule } from "../view-model/rule-suggestion.ts";
import { counted } from "../../../core/domain/format.ts";
import { allowRuleReach, parseRule } from "../../../core/domain/permission-rules.ts";

/** "May the agent do this?" with the change previewed: y approves, n rejects, f rejects with a reason. */
export class ApprovalModal implements Modal {
  readonly title: string;
  readonly sessionId: string;
  readonly #event: ApprovalRequest;
  readonly #answer: (decision: ApprovalDecision) => void;
  readonly #interrupt: () => void;
  readonly #allow: ((rule: string) => void) | null;
  readonly #rule: string;
  readonly #scroll = new ScrollText();
  #feedback: EditorModel | null = null;

  /** `allow` (absent: not offered) keeps a rule for the session, then approves. */
  constructor(event: ApprovalRequest, answer: (decision: ApprovalDecision) => void, interrupt: () => void, allow: ((rule: string) => void) | null = null) {
    this.#event = event;
    this.#allow = allow;
    this.#rule = suggestRule(event.toolName, event.input);
    this.#interrupt = interrupt;
    this.sessionId = event.sessionId;
    this.title = ` Approve ${event.toolName}? `;
    this.#answer = answer;
  }

  get hint(): string {
    return this.#feedback ? "Enter send feedback · Esc back" : `y approve · a always allow ${this.#rule} (${allowRuleReach(parseRule(this.#rule))}) in this session · n reject · f reject with feedback · Esc interrupt · ↑/↓ scroll`;
  }

  rows(width: number, height: number): StyledLine[] {
    const head: StyledLine[] = [
      [span(sanitize(this.#event.detail), "bold")],
      [span(`effect: ${this.#event.effect.replace("_", " ")}`, this.#event.effect === "destructive" ? "err" : "warn")],
      [],
    ];
    if (this.#feedback) {
      return [...head, [span("Why not? (the model reads this)", "dim")], ...this.#feedback.rows(width, Math.max(1, height - head.length - 1), true)];
    }
    return [...head, ...this.#scroll.rows(previewLines(this.#event.preview), width, Math.max(1, height - head.length))];
  }

  key(key: Key): boolean {
    if (this.#feedback) {
      if (key.name === "escape") this.#feedback = null;
      else if (key.name === "enter") {
        const text = this.#feedback.text.trim();
        this.#answer(text ? { decision: "reject_with_feedback", feedback: text } : { decision: "reject" });
        return true;
      } else editKey(this.#feedback, key);
      return false;
    }
    if (this.#scroll.key(key)) return false;
    if (key.name === "escape") {
      this.#interrupt();
      return true;
    }
    const ch = key.ch?.toLowerCase();
    if (ch === "y") {
      this.#answer({ decision: "approve" });
      return true;
    }
    if (ch === "a" && this.#allow) {
      this.#allow(this.#rule);
      return true;
    }
    if (ch === "n") {
      this.#answer({ decision: "reject" });
      return true;
    }
    if (ch === "f") this.#feedback = new EditorModel();
    return false;
  }
}

export function previewLines(preview: DiffPreview | null): StyledLine[] {
  if (!preview) return [[span("(no preview)", "dim")]];
  switch (preview.kind) {
    case "write_new":
      return [
        [span(`new file ${preview.path} · ${counted(preview.lineCount, "line")} · ${counted(preview.byteCount, "byte")}`, "bold")],
        ...preview.firstLines.map((l): StyledLine => [span(`+${sanitize(l)}`, "add")]),
        ...(preview.truncated ? [[span("…", "dim")]] : []),
      ];
    case "write_overwrite":
    case "edit":
      return [
        [span(`${preview.kind === "edit" ? "edit" : "overwrite"} ${preview.path}`, "bold")],
        ...sanitize(preview.diff).split("\n").map((l): StyledLine => [diffSpan(l)]),
        ...(preview.truncated ? [[span("… (diff truncated)", "dim")]] : []),
      ];
    case "delete":
      return [[span(`delete ${preview.path} · ${counted(preview.lineCount, "line")} · ${counted(preview.byteCount, "byte")}`, "del")]];
    case "delete_dir":
      return [[span(`delete the directory ${preview.path} with ${counted(preview.files, "file")} and ${counted(preview.directories, "directory", "directories")} in it`, "del")]];
  }
}
