import type { Content, Part, Tool } from "@google/genai";
import type { ChatMessage, ImageData, ToolSchema } from "../../core/ports/llm-provider.ts";

/**
 * Stands in for history that no longer starts with the user (e.g. after compaction): Gemini wants
 * the conversation to open with a user turn.
 */
export const OMITTED_HISTORY_NOTE = "(earlier conversation omitted)";

/** Introduces a tool result whose call is not in the preceding assistant turn, sent as plain text. */
export const ORPHAN_RESULT_NOTE = "Output of an earlier tool call:";

/** The system prompt as a system instruction; none when blank. */
export function toGeminiSystem(system: string): Content | undefined {
  return isBlank(system) ? undefined : { parts: [{ text: system }] };
}

/**
 * Tool definitions. The schema goes under `parametersJsonSchema`: `parameters` takes Google's
 * OpenAPI subset and rejects plain JSON Schema such as `additionalProperties`.
 */
export function toGeminiTools(tools: readonly ToolSchema[]): Tool[] {
  if (tools.length === 0) return [];
  return [{
    functionDeclarations: tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      // A schema that leaves `type` out means an object; Gemini wants it said.
      parametersJsonSchema: { type: "object", ...tool.parameters },
    })),
  }];
}

/**
 * Ursa's history in Gemini's shape: user and model turns, first a user turn. Tool results become
 * functionResponse parts of one user turn, named after the call in the preceding assistant turn
 * (Gemini reuses call ids across turns, so only that turn's ids count). Adjacent turns of the same
 * role are merged, so mid-history system notes and user text after tool results join that turn.
 */
export function toGeminiContents(messages: readonly ChatMessage[]): Content[] {
  const turns: Array<{ role: "user" | "model"; parts: Part[] }> = [];
  let callNames = new Map<string, string>();
  for (const message of messages) {
    const role = message.role === "assistant" ? "model" : "user";
    if (message.role === "assistant") callNames = new Map((message.toolCalls ?? []).map((call) => [call.id, call.name]));
    const parts = role === "model" ? modelParts(message) : userParts(message, callNames);
    if (parts.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else turns.push({ role, parts });
  }
  if (turns[0]?.role === "model") turns.unshift({ role: "user", parts: [{ text: OMITTED_HISTORY_NOTE }] });
  return turns.map(({ role, parts }) => ({ role, parts: role === "user" ? functionResponsesFirst(parts) : parts }));
}

/** User, tool and system messages all travel as user content. */
function userParts(message: ChatMessage, callNames: ReadonlyMap<string, string>): Part[] {
  const images = (message.images ?? []).map(inlineData);
  if (message.role === "tool" && message.toolCallId !== undefined) {
    const name = callNames.get(message.toolCallId);
    if (name === undefined) return [...images, { text: `${ORPHAN_RESULT_NOTE}\n${message.content}` }];
    // Every call needs its response, even an empty one.
    return [{ functionResponse: { id: message.toolCallId, name, response: { output: message.content } } }, ...images];
  }
  return [...images, ...(isBlank(message.content) ? [] : [{ text: message.content }])];
}

/**
 * The reply's text and calls; thoughts are not sent back, only their signature. Gemini verifies
 * the signature on the first function call of a reply (where it gave it), and takes a text-only
 * reply's on its last part; a signature with no part to carry it is dropped.
 */
function modelParts(message: ChatMessage): Part[] {
  const parts: Part[] = [];
  if (!isBlank(message.content)) parts.push({ text: message.content });
  for (const call of message.toolCalls ?? []) {
    parts.push({ functionCall: { id: call.id, name: call.name, args: parseToolArgs(call.arguments) } });
  }
  const signature = message.thinking?.signature;
  const carrier = parts.find((part) => part.functionCall !== undefined) ?? parts.at(-1);
  if (signature && carrier !== undefined) carrier.thoughtSignature = signature;
  return parts;
}

/** The arguments JSON as the object Gemini wants back; anything else becomes `{}`. */
export function parseToolArgs(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Gemini matches responses to the calls of the previous turn; they lead the user turn. */
function functionResponsesFirst(parts: Part[]): Part[] {
  return [...parts.filter((p) => p.functionResponse !== undefined), ...parts.filter((p) => p.functionResponse === undefined)];
}

function inlineData(image: ImageData): Part {
  return { inlineData: { mimeType: image.mediaType, data: image.base64 } };
}

function isBlank(value: string): boolean {
  return value.trim() === "";
}
