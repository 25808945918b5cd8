import type { ChatMessage } from "../ports/llm-provider.ts";

// koda's estimate: about 3.5 characters a token, plus a little per message and for the system prompt.
const CHARS_PER_TOKEN = 3.5;
const PER_MESSAGE_OVERHEAD = 10;
const SYSTEM_PROMPT_OVERHEAD = 100;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Estimated prompt size of a request: system prompt, messages and tool schemas. */
export function estimateRequestTokens(system: string, messages: readonly ChatMessage[], toolSchemaChars: number): number {
  let chars = system.length + toolSchemaChars;
  for (const message of messages) {
    chars += message.content.length;
    for (const call of message.toolCalls ?? []) chars += call.name.length + call.arguments.length;
    chars += message.thinking?.text.length ?? 0;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + messages.length * PER_MESSAGE_OVERHEAD + SYSTEM_PROMPT_OVERHEAD;
}
