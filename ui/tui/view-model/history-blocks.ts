import type { StoredMessage } from "../../../core/domain/message.ts";
import { AssistantBlock, NoticeBlock, ThinkingBlock, ToolBlock, UserBlock, type Block } from "./blocks.ts";

/**
 * Turns one page of stored history (oldest first) into blocks. A tool result whose call lies
 * in an older page not loaded yet is kept in `orphans` and attached when that page arrives.
 * `footers` are the usage lines of the turns that ended on a message, by its id.
 */
export function blocksFromHistory(messages: readonly StoredMessage[], orphans: Map<string, StoredMessage>, footers: ReadonlyMap<string, string> = new Map()): Block[] {
  const blocks: Block[] = [];
  const calls = new Map<string, ToolBlock>();
  for (const m of messages) {
    switch (m.role) {
      case "user":
        if (m.content) blocks.push(new UserBlock(m.content));
        break;
      case "assistant": {
        if (m.thinkingContent) {
          const thinking = new ThinkingBlock();
          thinking.append(m.thinkingContent);
          thinking.finish();
          blocks.push(thinking);
        }
        if (m.content) blocks.push(new AssistantBlock(m.content));
        for (const call of m.toolCalls) {
          const block = new ToolBlock(call.id, call.name, call.arguments);
          const result = orphans.get(call.id);
          if (result) {
            finishFrom(block, result);
            orphans.delete(call.id);
          }
          calls.set(call.id, block);
          blocks.push(block);
        }
        break;
      }
      case "tool": {
        const block = m.toolCallId ? calls.get(m.toolCallId) : undefined;
        if (block) finishFrom(block, m);
        else if (m.toolCallId) orphans.set(m.toolCallId, m);
        break;
      }
      case "system":
        if (m.content) blocks.push(new NoticeBlock("info", m.content.split("\n")[0]!));
        break;
    }
    const footer = footers.get(m.id);
    if (footer) blocks.push(new NoticeBlock("footer", footer));
  }
  return blocks;
}

function finishFrom(block: ToolBlock, result: StoredMessage): void {
  const output = result.fullContent ?? result.content ?? "";
  block.finish(output, !/^(error|action not executed)/i.test(output.trimStart()));
}

/**
 * The messages of a page a turn may have ended on: any but one followed by a tool result (a
 * result belongs to the turn of the call before it). A turn resumed with "continue" starts
 * without a prompt, so the one before a reply may have ended a turn too.
 */
export function turnEnds(messages: readonly StoredMessage[]): string[] {
  return messages.filter((_, i) => messages[i + 1]?.role !== "tool").map((m) => m.id);
}
