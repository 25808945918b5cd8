import type {
  Base64ImageSource, ContentBlockParam, ImageBlockParam, MessageParam, TextBlockParam, Tool, ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { ChatMessage, ImageData, ToolSchema } from "../../core/ports/llm-provider.ts";

const EPHEMERAL = { type: "ephemeral" } as const;

/**
 * Stands in for history that no longer starts with the user (e.g. after compaction), because the
 * API requires the first message to be a user message.
 */
export const OMITTED_HISTORY_NOTE = "(earlier conversation omitted)";

/** The system prompt as one cached block; none when empty (the API rejects empty text blocks). */
export function toAnthropicSystem(system: string): TextBlockParam[] | undefined {
  return isBlank(system) ? undefined : [{ type: "text", text: system, cache_control: EPHEMERAL }];
}

/** Tool definitions; the last carries the cache breakpoint so the whole tool list is cached. */
export function toAnthropicTools(tools: readonly ToolSchema[]): Tool[] {
  return tools.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    // The API insists on an object schema; a schema that leaves `type` out means one anyway.
    input_schema: { type: "object", ...tool.parameters } as Tool.InputSchema,
    ...(index === tools.length - 1 ? { cache_control: EPHEMERAL } : {}),
  }));
}

/**
 * Rolling cache breakpoints on the conversation (the tools and the system prompt carry their
 * own, making four, the API's maximum): one on the last block of the latest message, so the
 * next request reads everything up to here from the cache, and one on the user message
 * before it, where the previous request of a tool loop put its own, so this request reads that
 * prefix even when the latest message is too small to be cached on its own.
 */
export function withCacheBreakpoints(messages: MessageParam[]): MessageParam[] {
  const users = messages.flatMap((m, i) => (m.role === "user" ? [i] : [])).slice(-2);
  return messages.map((message, i) => {
    if (!users.includes(i) || typeof message.content === "string" || message.content.length === 0) return message;
    const blocks = [...message.content];
    blocks[blocks.length - 1] = { ...blocks.at(-1)!, cache_control: EPHEMERAL } as ContentBlockParam;
    return { ...message, content: blocks } as MessageParam;
  });
}

/**
 * Ursa's history in Anthropic's shape: only user and assistant turns, strictly alternating, first
 * a user turn. Tool results become tool_result blocks of a user turn, and adjacent turns of the
 * same role are merged, which puts all results of one assistant turn (and any user text after
 * them) into the single user message the API expects.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const turns: Array<{ role: "user" | "assistant"; blocks: ContentBlockParam[] }> = [];
  for (const message of messages) {
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = role === "assistant" ? assistantBlocks(message) : userBlocks(message);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  }
  if (turns[0]?.role === "assistant") turns.unshift({ role: "user", blocks: [text(OMITTED_HISTORY_NOTE)] });
  return turns.map(({ role, blocks }) => ({ role, content: role === "user" ? toolResultsFirst(blocks) : blocks }));
}

/** User, tool and system messages all travel as user content. */
function userBlocks(message: ChatMessage): ContentBlockParam[] {
  if (message.role === "tool" && message.toolCallId !== undefined) return [toolResult(message, message.toolCallId)];
  return [...(message.images ?? []).map(image), ...(isBlank(message.content) ? [] : [text(message.content)])];
}

function toolResult(message: ChatMessage, toolUseId: string): ToolResultBlockParam {
  const images = message.images ?? [];
  if (images.length > 0) {
    return { type: "tool_result", tool_use_id: toolUseId, content: [...(isBlank(message.content) ? [] : [text(message.content)]), ...images.map(image)] };
  }
  // A result block must exist even when the output is empty: every tool_use needs its result.
  return isBlank(message.content)
    ? { type: "tool_result", tool_use_id: toolUseId }
    : { type: "tool_result", tool_use_id: toolUseId, content: message.content };
}

function assistantBlocks(message: ChatMessage): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  // The API verifies thinking by its signature; unsigned thinking would be rejected, so it is dropped.
  if (message.thinking?.signature) {
    blocks.push({ type: "thinking", thinking: message.thinking.text, signature: message.thinking.signature });
  }
  if (!isBlank(message.content)) blocks.push(text(message.content));
  for (const call of message.toolCalls ?? []) {
    blocks.push({ type: "tool_use", id: call.id, name: call.name, input: parseToolInput(call.arguments) });
  }
  return blocks;
}

/** The arguments JSON as the object the API wants back; anything else becomes `{}`. */
export function parseToolInput(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The API wants a user turn's tool_result blocks before anything else in it. */
function toolResultsFirst(blocks: ContentBlockParam[]): ContentBlockParam[] {
  return [...blocks.filter((b) => b.type === "tool_result"), ...blocks.filter((b) => b.type !== "tool_result")];
}

function image(data: ImageData): ImageBlockParam {
  return { type: "image", source: { type: "base64", media_type: data.mediaType as Base64ImageSource["media_type"], data: data.base64 } };
}

function text(value: string): TextBlockParam {
  return { type: "text", text: value };
}

/** The API rejects text blocks that are empty or only whitespace. */
function isBlank(value: string): boolean {
  return value.trim() === "";
}
