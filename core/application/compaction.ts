import type { CompactOutcome } from "../domain/compact-outcome.ts";
import type { StoredMessage } from "../domain/message.ts";
import type { LlmProvider } from "../ports/llm-provider.ts";
import type { MessageLog } from "../ports/message-log.ts";
import { COMPACTION_PROMPT, extractSummary } from "./compaction-prompt.ts";
import { streamWithRetry, type RetryPolicy } from "./provider-retry.ts";
import { estimateTokens } from "./token-estimate.ts";

export interface CompactionInput {
  readonly sessionId: string;
  readonly messages: MessageLog;
  readonly provider: LlmProvider;
  readonly model: string;
  readonly contextWindow: number;
  readonly retry?: RetryPolicy;
}

const MIN_MESSAGES = 4;
const SMALL_SESSION = 12;
const MESSAGE_CHARS = 2_000;
const TOOL_CALLS_CHARS = 500;
const SUMMARY_MAX_TOKENS = 4_096;

/** How many of the newest messages stay verbatim: 4 in a short session, else the newer half. */
export function preserveCount(total: number): number {
  return total < SMALL_SESSION ? MIN_MESSAGES : Math.max(MIN_MESSAGES, Math.ceil(total * 0.5));
}

/**
 * Summarises the older part of a session with its own model and archives it (koda.md §2.4).
 * Archived rows stay in the database; the summary and a continuation note take their place.
 */
export async function compactSession(input: CompactionInput, signal: AbortSignal): Promise<CompactOutcome> {
  const { messages, sessionId } = input;
  if (await messages.hasPendingToolCalls(sessionId, signal)) {
    return { kind: "skipped", reason: "pending_tool_calls", message: "the last reply is waiting on tool results" };
  }
  const active = await messages.loadContext(sessionId, signal);
  if (active.length < MIN_MESSAGES) {
    return { kind: "skipped", reason: "too_short", message: `only ${active.length} messages; nothing worth compacting` };
  }
  const preserved = preserveCount(active.length);
  if (preserved >= active.length) {
    return { kind: "skipped", reason: "too_short", message: `only ${active.length} messages; nothing worth compacting` };
  }
  let slice = active.slice(0, active.length - preserved);
  const budget = input.contextWindow - SUMMARY_MAX_TOKENS;
  let text = conversationText(slice);
  // If even the truncated history does not fit, drop the oldest fifth, at most three times.
  for (let attempt = 0; estimateTokens(text) + 100 > budget; attempt++) {
    if (attempt === 3) return { kind: "skipped", reason: "history_too_large", message: "the history is too large to summarise" };
    slice = slice.slice(Math.ceil(slice.length * 0.2));
    text = conversationText(slice);
  }
  let reply = "";
  const request = {
    model: input.model,
    system: "You summarise coding-agent conversations so that the work can continue without the original history.",
    messages: [{ role: "user" as const, content: `${COMPACTION_PROMPT}\n\n<conversation>\n${text}\n</conversation>` }],
    tools: [],
    maxTokens: SUMMARY_MAX_TOKENS,
    temperature: 0.3,
  };
  for await (const chunk of streamWithRetry(input.provider, request, signal, input.retry ? { policy: input.retry } : {})) {
    if (chunk.type === "text_delta") reply += chunk.text;
  }
  const summary = extractSummary(reply);
  if (summary === "") throw new Error("compaction failed: the model returned an empty summary");
  const archived = await messages.compactSession(sessionId, summary, preserved);
  return { kind: "compacted", archived, preserved };
}

function conversationText(messages: readonly StoredMessage[]): string {
  return messages
    .map((m) => {
      const content = clip(m.content ?? "", MESSAGE_CHARS);
      const calls = m.toolCalls.length > 0 ? `\n[tool calls]: ${clip(JSON.stringify(m.toolCalls), TOOL_CALLS_CHARS)}` : "";
      return `[${m.role}]: ${content}${calls}`;
    })
    .join("\n\n");
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
