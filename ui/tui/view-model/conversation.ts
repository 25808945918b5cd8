import type { EngineEvent } from "../../../core/domain/engine-event.ts";
import type { StoredMessage } from "../../../core/domain/message.ts";
import { promptSize, type TurnUsage } from "../../../core/domain/usage.ts";
import { AssistantBlock, NoticeBlock, ThinkingBlock, ToolBlock, UserBlock, type Block, type NoticeLevel } from "./blocks.ts";
import { blocksFromHistory } from "./history-blocks.ts";
import { Viewport, type ConversationWindow } from "./viewport.ts";
import { compactNumber } from "./format.ts";
import { formatCost } from "./status.ts";
import { counted } from "../../../core/domain/format.ts";

/**
 * The conversation pane of one session: history loaded a page at a time (oldest pages on
 * demand) followed by what streams live. Events update blocks in place; the pane asks for a
 * window of rows each frame.
 */
export class ConversationModel {
  readonly blocks: Block[] = [];
  readonly viewport = new Viewport();
  #assistant: AssistantBlock | null = null;
  #thinking: ThinkingBlock | null = null;
  /** The error the turn reported on its own (`error`): its end does not say it again. */
  #errorShown: string | null = null;
  readonly #tools = new Map<string, ToolBlock>();
  readonly #orphans = new Map<string, StoredMessage>();
  /** Id of the oldest message loaded; null before the first page. */
  oldestId: string | null = null;
  hasOlder = true;

  /** Adds a page of older history above what is loaded, with the usage line of each turn that ended in it. */
  prependHistory(page: readonly StoredMessage[], limit: number, turns: ReadonlyMap<string, TurnUsage> = new Map()): void {
    if (page.length > 0) this.oldestId = page[0]!.id;
    if (page.length < limit) this.hasOlder = false;
    const footers = new Map([...turns].map(([id, t]) => [id, turnFooter(promptSize(t.usage), t.usage.completionTokens, t.costUsd, t.elapsedMs, t.tokensPerSecond)]));
    this.blocks.unshift(...blocksFromHistory(page, this.#orphans, footers));
  }

  addUser(text: string, queued = false): void {
    this.#push(new UserBlock(text, queued));
  }

  addNotice(level: NoticeLevel, text: string): void {
    this.#push(new NoticeBlock(level, text));
  }

  /** Applies an event of this session; returns whether anything visible changed. */
  apply(event: EngineEvent): boolean {
    switch (event.type) {
      case "turn_started":
        this.#errorShown = null;
        this.#assistant = null;
        return false;
      case "response_started":
      case "text_done":
        this.#assistant = null;
        return false;
      case "thinking_started":
        this.#thinking = this.#push(new ThinkingBlock());
        return true;
      case "thinking_delta":
        (this.#thinking ??= this.#push(new ThinkingBlock())).append(event.text);
        return true;
      case "thinking_done":
        this.#thinking?.finish();
        this.#thinking = null;
        return true;
      case "text_delta":
        (this.#assistant ??= this.#push(new AssistantBlock())).append(event.text);
        return true;
      case "tool_call_started":
        this.#assistant = null;
        this.#tools.set(event.id, this.#push(new ToolBlock(event.id, event.name, event.args)));
        return true;
      case "tool_output_line":
        this.#tools.get(event.id)?.addLine(event.line, event.isStderr);
        return true;
      case "tool_call_finished": {
        const block = this.#tools.get(event.id) ?? this.#push(new ToolBlock(event.id, event.name, {}));
        block.finish(event.output, event.success);
        this.#tools.delete(event.id);
        return true;
      }
      case "action_blocked":
        return this.#notice("warn", `⛔ blocked by the trust mode: ${event.detail}`);
      case "approval_requested": {
        // Above the call it is about (asked before it runs), not after the result that follows.
        const notice = new NoticeBlock("warn", `? ${event.detail} needs approval (${event.effect.replace("_", " ")})`);
        const call = [...this.#tools.values()].at(-1);
        const at = call ? this.blocks.lastIndexOf(call) : -1;
        if (at >= 0) this.blocks.splice(at, 0, notice);
        else this.#push(notice);
        return true;
      }
      case "ask_user_requested":
        return this.#notice("warn", `? ${event.question}`);
      case "loop_cap_reached":
        return this.#notice("warn", `⏸ paused after ${event.cap} tool rounds (recently: ${event.recentTools.join(", ")})`);
      case "compacted":
        return this.#notice("info", `▣ compacted: ${counted(event.archived, "message")} archived, ${event.preserved} kept`);
      case "files_undone":
        return this.#notice("info", `↶ undid a turn: ${event.result.restored.length} restored, ${event.result.removed.length} removed${event.result.skipped.length ? `, ${event.result.skipped.length} skipped (${event.result.skipped.map((s) => `${s.path}: ${s.reason}`).join("; ")})` : ""}`);
      case "queued_sent":
        return this.#sendQueued(event.texts);
      case "queued_dropped":
        return this.#dropQueued(event.texts);
      case "info":
        return this.#notice("info", event.message);
      case "warn":
        return this.#notice("warn", `⚠ ${event.message}`);
      case "error":
        this.#errorShown = event.message;
        return this.#notice("error", `✗ ${event.message}`);
      case "usage_reported": {
        const u = event.usage;
        return this.#notice("footer", turnFooter(promptSize(u), u.completionTokens, event.costUsd, event.elapsedMs, event.tokensPerSecond));
      }
      case "turn_ended":
        this.#assistant = null;
        this.#thinking = null;
        if (event.reason.kind === "cancelled") return this.#notice("warn", "⚠ Interrupted");
        if (event.reason.kind === "error" && event.reason.message !== this.#errorShown) return this.#notice("error", `✗ ${event.reason.message}`);
        return false;
      default:
        return false;
    }
  }

  window(width: number, height: number): ConversationWindow {
    return this.viewport.window(this.blocks, width, height);
  }

  scroll(width: number, height: number, delta: number): void {
    this.viewport.scroll(this.blocks, width, height, delta);
  }

  select(width: number, height: number, direction: -1 | 1): void {
    this.viewport.select(this.blocks, width, height, direction);
  }

  /** Expands or collapses the selected block (a tool call's output, a thinking block). */
  toggleSelected(): boolean {
    const block = this.viewport.selected;
    if (!block) return false;
    block.toggle();
    return true;
  }

  /** A request took text typed during the turn: its prompt loses the "(queued)" mark. */
  #sendQueued(texts: readonly string[]): boolean {
    let sent = false;
    for (const text of texts) {
      const block = this.blocks.find((b): b is UserBlock => b instanceof UserBlock && b.queued && b.sent === text);
      if (!block) continue;
      block.markSent();
      sent = true;
    }
    return sent;
  }

  /** Esc dropped text typed during the turn before a request took it: its "(queued)" prompt goes too. */
  #dropQueued(texts: readonly string[]): boolean {
    let dropped = false;
    for (const text of [...texts].reverse()) {
      const at = this.blocks.findLastIndex((b) => b instanceof UserBlock && b.queued && b.sent === text);
      if (at < 0) continue;
      this.blocks.splice(at, 1);
      dropped = true;
    }
    return dropped;
  }

  #notice(level: NoticeLevel, text: string): true {
    this.#push(new NoticeBlock(level, text));
    return true;
  }

  #push<B extends Block>(block: B): B {
    this.blocks.push(block);
    return block;
  }
}

/** A turn's figures, as the status bar writes them: `12k in · 300 out · $0.0123 · 4.2s · 71 tok/s`. */
export function turnFooter(tokensIn: number, tokensOut: number, costUsd: number | null, elapsedMs: number, perSecond: number): string {
  const cost = costUsd === null ? "" : ` · ${formatCost(costUsd)}`;
  return `${compactNumber(tokensIn)} in · ${compactNumber(tokensOut)} out${cost} · ${(elapsedMs / 1000).toFixed(1)}s · ${Math.round(perSecond)} tok/s`;
}
