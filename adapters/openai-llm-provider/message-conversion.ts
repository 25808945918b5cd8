import type {
  ChatCompletionContentPart, ChatCompletionFunctionTool, ChatCompletionMessageFunctionToolCall, ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ChatMessage, ImageData, ToolSchema } from "../../core/ports/llm-provider.ts";
import { wireToolCallId, type ToolCallIdRule } from "./tool-call-ids.ts";

/** Answers a tool call whose result is missing from history, e.g. after a cancelled turn. */
export const MISSING_RESULT_NOTE = "(no result: the tool call did not complete)";

/** Tool definitions as functions; a schema that leaves `type` out means an object anyway. */
export function toOpenAiTools(tools: readonly ToolSchema[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: { type: "object", ...tool.parameters } },
  }));
}

/**
 * Ursa's history as Chat Completions messages, the system prompt first. The API demands that an
 * assistant message with tool calls be followed directly by one tool message per call, so results
 * are moved up next to their call, anything that came between them follows after, and a call
 * without a result gets a placeholder. A tool result whose call is not in history becomes user text.
 * Ids the server would refuse (see tool-call-ids.ts) are replaced, consistently for call and result.
 */
export function toOpenAiMessages(system: string, messages: readonly ChatMessage[], ids: ToolCallIdRule = "max40"): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = isBlank(system) ? [] : [{ role: "system", content: system }];
  const consumed = new Set<number>();
  messages.forEach((message, at) => {
    if (consumed.has(at)) return;
    if (message.role === "assistant") {
      out.push(...assistantTurn(message, at, messages, consumed, ids));
      return;
    }
    if (message.role === "tool") {
      out.push(...orphanToolResult(message));
      return;
    }
    out.push(...userMessage(message.content, message.images ?? []));
  });
  return out;
}

function assistantTurn(
  message: ChatMessage, at: number, messages: readonly ChatMessage[], consumed: Set<number>, ids: ToolCallIdRule,
): ChatCompletionMessageParam[] {
  const calls = message.toolCalls ?? [];
  // Thinking is never sent back: no Chat Completions server accepts it in requests.
  if (calls.length === 0) return isBlank(message.content) ? [] : [{ role: "assistant", content: message.content }];
  const turn: ChatCompletionMessageParam[] = [{
    role: "assistant",
    content: isBlank(message.content) ? null : message.content,
    tool_calls: calls.map((call): ChatCompletionMessageFunctionToolCall => ({
      id: wireToolCallId(call.id, ids), type: "function", function: { name: call.name, arguments: objectArguments(call.arguments) },
    })),
  }];
  const images: ImageData[] = [];
  for (const call of calls) {
    const resultAt = findResult(messages, at, call.id, consumed);
    const result = resultAt === undefined ? undefined : messages[resultAt];
    if (resultAt !== undefined) consumed.add(resultAt);
    turn.push({ role: "tool", tool_call_id: wireToolCallId(call.id, ids), content: result?.content ?? MISSING_RESULT_NOTE });
    images.push(...(result?.images ?? []));
  }
  // Tool messages carry text only; images a tool produced follow as the user's.
  if (images.length > 0) turn.push(...userMessage("", images));
  return turn;
}

/** The result of `id` between this assistant message and the next one. */
function findResult(messages: readonly ChatMessage[], from: number, id: string, consumed: ReadonlySet<number>): number | undefined {
  for (let at = from + 1; at < messages.length; at++) {
    const message = messages[at];
    if (message === undefined || message.role === "assistant") return undefined;
    if (message.role === "tool" && message.toolCallId === id && !consumed.has(at)) return at;
  }
  return undefined;
}

function orphanToolResult(message: ChatMessage): ChatCompletionMessageParam[] {
  const label = message.toolCallId === undefined ? "Tool result" : `Result of tool call ${message.toolCallId}`;
  return userMessage(`${label}:\n${message.content}`, message.images ?? []);
}

/**
 * User text, with images as data URLs. System messages from history (compaction summaries,
 * reminders) travel as user messages too: several servers reject a system message after the first.
 */
function userMessage(content: string, images: readonly ImageData[]): ChatCompletionMessageParam[] {
  if (images.length === 0) return isBlank(content) ? [] : [{ role: "user", content }];
  const parts: ChatCompletionContentPart[] = images.map((image) => ({
    type: "image_url", image_url: { url: `data:${image.mediaType};base64,${image.base64}` },
  }));
  if (!isBlank(content)) parts.push({ type: "text", text: content });
  return [{ role: "user", content: parts }];
}

/**
 * The arguments JSON when it is an object, else "{}": servers such as Ollama parse arguments sent
 * back and reject the whole request over a call the model itself cut off.
 */
export function objectArguments(json: string): string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? json : "{}";
  } catch {
    return "{}";
  }
}

function isBlank(value: string): boolean {
  return value.trim() === "";
}
