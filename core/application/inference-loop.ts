import type { LoopContinuation } from "../domain/engine-command.ts";
import type { EngineEventBody } from "../domain/engine-event.ts";
import type { ToolCall } from "../domain/message.ts";
import type { ModelSettings } from "../domain/model-settings.ts";
import type { TurnLimits } from "../domain/turn-limits.ts";
import { outputCapsFor } from "../domain/output-caps.ts";
import { costOf } from "../domain/cost.ts";
import { addUsage, promptSize, ZERO_USAGE, type TokenUsage } from "../domain/usage.ts";
import { ProviderError, type ChatRequest, type ImageData, type LlmProvider } from "../ports/llm-provider.ts";
import type { MessageLog } from "../ports/message-log.ts";
import type { CommandInbox } from "./command-inbox.ts";
import { compactSession } from "./compaction.ts";
import { assembleMessages } from "./context-assembly.ts";
import { microcompact } from "./microcompact.ts";
import { streamWithRetry, type RetryPolicy } from "./provider-retry.ts";
import { dispatchToolCalls, type DispatchContext } from "./tool-dispatch.ts";
import type { ToolRegistry } from "./tool-registry.ts";
import { estimateRequestTokens } from "./token-estimate.ts";

/** Auto-compaction starts at this share of the context window (koda: 85%). */
export const AUTO_COMPACT_THRESHOLD = 0.85;
const CONTEXT_WARN_THRESHOLD = 0.8;
const MAX_COMPACT_FAILURES = 3;

export interface LoopContext {
  readonly sessionId: string;
  readonly agentName: string | null;
  readonly systemPrompt: string;
  readonly projectRoot: string;
  readonly messages: MessageLog;
  readonly provider: LlmProvider;
  readonly settings: ModelSettings;
  readonly registry: ToolRegistry;
  readonly inbox: CommandInbox;
  readonly loopCap: number;
  /** The caller's bounds on this turn (headless `--max-turns`, `--max-budget-usd`). */
  readonly limits?: TurnLimits;
  readonly retry?: RetryPolicy;
  readonly images: readonly ImageData[];
  /** Shared across turns: auto-compaction gives up after repeated failures. */
  readonly compactFailures: { count: number };
  readonly dispatch: Omit<DispatchContext, "sessionId" | "agentName" | "projectRoot" | "registry" | "messages" | "caps" | "emit">;
  emit(body: EngineEventBody): void;
}

/** Totals of one turn, for the usage footer. */
export interface TurnStats {
  usage: TokenUsage;
  chars: number;
  /** Null while every call so far had no known price. */
  costUsd: number | null;
}

/**
 * prompt → stream → tools → stream … until the model answers without tool calls (koda.md §1.8).
 * Throws on provider failure or cancellation; the caller turns that into the turn's end reason.
 */
/** Why the loop stopped short of an answer because it was told to ("loop cap"); null otherwise. */
export type LoopStop = "loop cap" | null;

export async function runInferenceLoop(ctx: LoopContext, signal: AbortSignal, stats: TurnStats): Promise<LoopStop> {
  let cap = ctx.loopCap;
  const recentTools: string[] = [];
  const caps = outputCapsFor(ctx.settings.contextWindow);
  const limits = ctx.limits ?? {};
  for (let iteration = 0; ; iteration++) {
    signal.throwIfAborted();
    // Checked before the next call, so a reply that answered without tools is never cut off.
    if (limits.maxTurns !== undefined && iteration >= limits.maxTurns) {
      ctx.emit({ type: "turn_limit_reached", limit: "max_turns", modelCalls: iteration, costUsd: stats.costUsd });
      return null;
    }
    if (limits.maxBudgetUsd !== undefined && iteration > 0 && (stats.costUsd ?? 0) >= limits.maxBudgetUsd) {
      ctx.emit({ type: "turn_limit_reached", limit: "max_budget_usd", modelCalls: iteration, costUsd: stats.costUsd });
      return null;
    }
    if (iteration >= cap) {
      const action = await askLoopDecision(ctx, cap, recentTools.slice(-5), signal);
      if (action === "stop") {
        ctx.emit({ type: "info", message: `Stopped after ${iteration} iterations at the loop cap.` });
        return "loop cap";
      }
      cap += action === "continue50" ? 50 : 200;
    }
    const queued = ctx.inbox.drainQueued();
    if (queued.length > 0) {
      await ctx.messages.insertMessage(ctx.sessionId, { role: "user", content: queued.join("\n\n"), agentName: ctx.agentName, complete: true });
      ctx.emit({ type: "queued_sent", texts: queued });
    }
    const cleared = await microcompact(ctx.messages, ctx.sessionId, (n) => ctx.registry.get(n)?.rerunnable === true, signal);
    if (cleared > 0) ctx.emit({ type: "info", message: `Cleared ${cleared} old tool results from the context.` });

    // The prompt's images stay on it in every request of the turn: dropping them after the first
    // would change the prompt's bytes, and every later request would miss the prompt cache.
    const request = await buildRequest(ctx, ctx.images, signal);
    const reply = await streamReply(ctx, request, signal, stats);
    // Text the user queued while this reply streamed is answered in the same turn.
    if (reply.toolCalls.length === 0 && ctx.inbox.queuedCount === 0) return null;
    for (const call of reply.toolCalls) recentTools.push(ctx.registry.canonicalName(call.name));
    await dispatchToolCalls(
      {
        ...ctx.dispatch,
        sessionId: ctx.sessionId,
        agentName: ctx.agentName,
        projectRoot: ctx.projectRoot,
        registry: ctx.registry,
        messages: ctx.messages,
        caps,
        emit: ctx.emit,
      },
      reply.toolCalls,
      signal,
    );
  }
}

async function askLoopDecision(ctx: LoopContext, cap: number, recentTools: string[], signal: AbortSignal): Promise<LoopContinuation> {
  const decision = ctx.dispatch.interaction.loopCap({ sessionId: ctx.sessionId, cap, recentTools }, signal);
  ctx.emit({ type: "loop_cap_reached", cap, recentTools });
  return decision;
}

/** Loads the context, compacting first when it is nearly full, and reports its size. */
async function buildRequest(ctx: LoopContext, images: readonly ImageData[], signal: AbortSignal): Promise<ChatRequest> {
  const tools = ctx.registry.schemas();
  const toolChars = JSON.stringify(tools).length;
  const max = ctx.settings.contextWindow;
  let messages = assembleMessages(await ctx.messages.loadContext(ctx.sessionId, signal), images, ctx.provider.name);
  let used = estimateRequestTokens(ctx.systemPrompt, messages, toolChars);
  if (used >= max * AUTO_COMPACT_THRESHOLD && ctx.compactFailures.count < MAX_COMPACT_FAILURES) {
    ctx.emit({ type: "info", message: `Context at ${Math.round((used / max) * 100)}% — compacting…` });
    if (await tryCompact(ctx, "auto", signal)) {
      messages = assembleMessages(await ctx.messages.loadContext(ctx.sessionId, signal), images, ctx.provider.name);
      used = estimateRequestTokens(ctx.systemPrompt, messages, toolChars);
    }
  } else if (used >= max * CONTEXT_WARN_THRESHOLD) {
    ctx.emit({ type: "warn", message: `Context at ${Math.round((used / max) * 100)}%; it will be compacted at ${AUTO_COMPACT_THRESHOLD * 100}%.` });
  }
  ctx.emit({ type: "context_usage", used: Math.min(used, max), max });
  return {
    model: ctx.settings.model,
    system: ctx.systemPrompt,
    messages,
    tools,
    maxTokens: ctx.settings.maxTokens,
    ...(ctx.settings.temperature !== undefined ? { temperature: ctx.settings.temperature } : {}),
    ...(ctx.settings.thinkingBudget ? { thinkingBudget: ctx.settings.thinkingBudget } : {}),
  };
}

async function tryCompact(ctx: LoopContext, trigger: "auto" | "overflow", signal: AbortSignal): Promise<boolean> {
  try {
    const outcome = await compactSession(
      { sessionId: ctx.sessionId, messages: ctx.messages, provider: ctx.provider, model: ctx.settings.model, contextWindow: ctx.settings.contextWindow, ...(ctx.retry ? { retry: ctx.retry } : {}) },
      signal,
    );
    if (outcome.kind === "skipped") {
      ctx.emit({ type: "warn", message: `Compaction skipped: ${outcome.message}.` });
      return false;
    }
    ctx.compactFailures.count = 0;
    ctx.emit({ type: "compacted", archived: outcome.archived, preserved: outcome.preserved, trigger });
    return true;
  } catch (error) {
    if (signal.aborted) throw error;
    ctx.compactFailures.count++;
    ctx.emit({ type: "warn", message: `Compaction failed: ${(error as Error).message}` });
    return false;
  }
}

interface Reply {
  readonly toolCalls: ToolCall[];
}

/**
 * Streams one reply, emitting deltas as they come, and stores it. A reply cut off by
 * cancellation or an error is stored with its partial text but not marked complete, so it is
 * kept for the record and left out of the next request. A context overflow compacts once and
 * retries once.
 */
async function streamReply(ctx: LoopContext, request: ChatRequest, signal: AbortSignal, stats: TurnStats): Promise<Reply> {
  let overflowRetried = false;
  let retries = 0;
  const started = Date.now();
  for (;;) {
    const acc = { text: "", thinking: "", signature: null as string | null, toolCalls: [] as ToolCall[], usage: null as TokenUsage | null, inThinking: false };
    try {
      const stream = streamWithRetry(ctx.provider, request, signal, {
        ...(ctx.retry ? { policy: ctx.retry } : {}),
        onRetry: (error, delayMs, attempt) => {
          retries++;
          ctx.emit({
            type: "warn",
            message: `${error.kind === "rate_limited" ? "Rate limited" : error.message.replace(/\.$/, "")}. Retrying in ${formatDelay(delayMs)}${error.retryAfterMs !== undefined ? ", as the server asked" : ""} (attempt ${attempt})…`,
          });
        },
      });
      for await (const chunk of stream) applyChunk(ctx, acc, chunk);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "context_overflow" && !overflowRetried && acc.text === "") {
        overflowRetried = true;
        ctx.emit({ type: "warn", message: "The provider says the context is too long; compacting and retrying once." });
        if (await tryCompact(ctx, "overflow", signal)) {
          // The images of the prompt being answered go along again.
          const images = [...request.messages].reverse().find((m) => m.role === "user")?.images ?? [];
          request = { ...request, messages: assembleMessages(await ctx.messages.loadContext(ctx.sessionId, signal), images, ctx.provider.name) };
          continue;
        }
      }
      finishStreaming(ctx, acc);
      if (acc.text !== "" || acc.thinking !== "") {
        await ctx.messages.insertMessage(ctx.sessionId, {
          role: "assistant",
          content: acc.text,
          thinkingContent: acc.thinking || null,
          agentName: ctx.agentName,
          complete: false,
        });
      }
      throw error;
    }
    finishStreaming(ctx, acc);
    const usage = acc.usage ?? ZERO_USAGE;
    const pricing = ctx.settings.pricing ?? null;
    const costUsd = acc.usage && pricing ? costOf(usage, pricing) : null;
    stats.usage = addUsage(stats.usage, usage);
    stats.chars += acc.text.length;
    if (costUsd !== null) stats.costUsd = (stats.costUsd ?? 0) + costUsd;
    ctx.emit({ type: "model_call_finished", provider: ctx.provider.name, model: ctx.settings.model, usage, costUsd, elapsedMs: Date.now() - started, retries });
    await ctx.messages.insertMessage(ctx.sessionId, {
      role: "assistant",
      content: acc.text,
      toolCalls: acc.toolCalls,
      thinkingContent: acc.thinking || null,
      thinkingSignature: acc.signature,
      usage,
      agentName: ctx.agentName,
      model: ctx.settings.model,
      provider: ctx.provider.name,
      costUsd,
      // Complete only because the provider said done: the stream ended cleanly.
      complete: acc.usage !== null,
    });
    if (usage.promptTokens > 0) {
      const prompt = promptSize(usage);
      ctx.emit({ type: "context_usage", used: Math.min(prompt, ctx.settings.contextWindow), max: ctx.settings.contextWindow });
    }
    return { toolCalls: acc.toolCalls };
  }
}

type Accumulator = {
  text: string;
  thinking: string;
  signature: string | null;
  toolCalls: ToolCall[];
  usage: TokenUsage | null;
  inThinking: boolean;
};

function applyChunk(ctx: LoopContext, acc: Accumulator, chunk: import("../ports/llm-provider.ts").StreamChunk): void {
  switch (chunk.type) {
    case "thinking_delta":
      if (!acc.inThinking) {
        acc.inThinking = true;
        ctx.emit({ type: "thinking_started" });
      }
      acc.thinking += chunk.text;
      ctx.emit({ type: "thinking_delta", text: chunk.text });
      return;
    case "thinking_signature":
      acc.signature = chunk.signature;
      return;
    case "text_delta":
      if (chunk.text === "") return;
      if (acc.inThinking) {
        acc.inThinking = false;
        ctx.emit({ type: "thinking_done" });
      }
      if (acc.text === "") ctx.emit({ type: "response_started" });
      acc.text += chunk.text;
      ctx.emit({ type: "text_delta", text: chunk.text });
      return;
    case "tool_call_ready":
      acc.toolCalls.push(chunk.call);
      return;
    case "done":
      acc.usage = chunk.usage;
      return;
  }
}

function finishStreaming(ctx: LoopContext, acc: Accumulator): void {
  if (acc.inThinking) {
    acc.inThinking = false;
    ctx.emit({ type: "thinking_done" });
  }
  if (acc.text !== "") ctx.emit({ type: "text_done" });
}

/** A retry's wait as people read it: "0.4s", "2.5s", "12s" (full jitter makes short waits common). */
function formatDelay(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
