import { decideApproval, type ApprovalNeed } from "../domain/approval-policy.ts";
import { decidePermission, NO_RULES, type PermissionRules, type RuleSubject } from "../domain/permission-rules.ts";
import type { ApprovalDecision } from "../domain/engine-command.ts";
import type { EngineEventBody } from "../domain/engine-event.ts";
import { newId } from "../domain/ids.ts";
import type { ToolCall } from "../domain/message.ts";
import type { OutputCaps } from "../domain/output-caps.ts";
import { isInside, resolveUserPath } from "../domain/paths.ts";
import { redactKnownSecrets } from "../domain/secret-redaction.ts";
import type { ToolEffect } from "../domain/tool-effect.ts";
import type { TrustMode } from "../domain/trust-mode.ts";
import type { Interaction } from "../ports/interaction.ts";
import type { MessageLog } from "../ports/message-log.ts";
import type { TodoAccess, Tool, ToolContext, ToolResult } from "../ports/tool.ts";
import type { FileTracker } from "./file-tracker.ts";
import type { HookPipeline } from "./hook-pipeline.ts";
import { isAbortError } from "./session-cancel.ts";
import type { ToolRegistry } from "./tool-registry.ts";

export interface DispatchContext {
  readonly sessionId: string;
  readonly agentName: string | null;
  readonly projectRoot: string;
  /** Read at each call, so a mode switched mid-turn applies to the next tool call. */
  currentMode(): TrustMode;
  readonly subAgent: boolean;
  readonly registry: ToolRegistry;
  readonly messages: MessageLog;
  /** Who answers approvals and questions: the user through a driving adapter, or nobody (sub-agents, headless). */
  readonly interaction: Interaction;
  readonly caps: OutputCaps;
  /** Directories outside the project that mutations may touch without asking (temp dirs). */
  readonly scratchDirs: readonly string[];
  /** The user's home directory, for paths written as `~/…`. */
  readonly homeDir: string;
  /** Starts a sub-agent; absent in a sub-agent (they do not nest). */
  readonly spawnAgent?: ToolContext["spawnAgent"];
  /** Directories no tool may read or write (Ursa's own data: the database holds every session). */
  readonly protectedDirs: readonly string[];
  /** Values (API keys) that tool output must never carry into the store, the events or the model. */
  readonly secrets?: readonly string[];
  readonly turnId: string;
  readonly tracker: FileTracker;
  readonly hooks: HookPipeline;
  readonly todos: TodoAccess;
  /** The user's and the project's permission rules (read at each call: the dashboard adds to them). */
  permissions?(): PermissionRules;
  /** Resolves symlinks, so a link inside the project pointing outside counts as outside. */
  realPath(path: string, signal: AbortSignal): Promise<string>;
  /**
   * How many names (hard links) the file at `path` has; 1 for anything else. A file with more
   * may have one outside the project (`ln ../outside/victim hard.txt` in an earlier call), so
   * changing it counts as changing something outside.
   */
  hardLinks?(path: string, signal: AbortSignal): Promise<number>;
  emit(body: EngineEventBody): void;
}

interface Planned {
  readonly call: ToolCall;
  readonly name: string;
  readonly tool?: Tool;
  readonly input?: Record<string, unknown>;
  readonly error?: string;
  readonly effect: ToolEffect;
  readonly need: ApprovalNeed;
  /** The call's paths, absolute and resolved through symlinks. */
  readonly paths: readonly string[];
  /** Why it is blocked, when a permission rule (not the mode) blocks it. */
  readonly blockReason?: string;
}

/**
 * Runs one assistant message's tool calls: validates, asks or blocks per the trust matrix,
 * executes, and stores each result as a tool message. Consecutive calls that are read-only
 * run concurrently; everything else runs one at a time in the model's order, so two mutations
 * of one path never overlap. Each call is planned (paths resolved, mode read) just before it
 * runs, so a symlink or mode change made by an earlier call of the same reply counts.
 * Finished results are stored in call order, even when the turn is then interrupted.
 */
export async function dispatchToolCalls(ctx: DispatchContext, calls: readonly ToolCall[], signal: AbortSignal): Promise<void> {
  // Calls with a stored result or that started running; on an interrupt the rest are stored as
  // not run, so a resume does not report them as running with an unknown outcome.
  const settled = new Set<string>();
  // Calls the interrupt stopped while they ran, with what they printed before.
  const stopped = new Map<string, ToolResult>();
  try {
    await dispatchAll(ctx, calls, signal, settled, stopped);
  } catch (error) {
    if (isAbortError(error) || signal.aborted) {
      for (const call of calls) {
        const result = stopped.get(call.id);
        if (result) await record(ctx, call, result);
        else if (!settled.has(call.id)) await recordNotRun(ctx, call);
      }
    }
    throw error;
  }
}

/** What a call interrupted before it ran gets as its result: it changed nothing. */
export const NOT_RUN_RESULT = "Not run: the turn was interrupted before this call started (while it waited for approval, for its own checks or for an earlier call), so it changed nothing.";

/**
 * What a call the user's interrupt stopped while it ran gets as its result (its output so far
 * follows): Ursa stopped it itself, so it is known not to have finished, unlike a call Ursa died
 * during, whose outcome nobody knows.
 */
export const STOPPED_RESULT =
  "Stopped by the user: the user interrupted the turn while this call ran and Ursa stopped it, so it did not finish. What it changed before it stopped stays changed.";

async function recordNotRun(ctx: DispatchContext, call: ToolCall): Promise<void> {
  await ctx.messages.insertMessage(ctx.sessionId, { role: "tool", content: NOT_RUN_RESULT, toolCallId: call.id, agentName: ctx.agentName, complete: true });
}

/** How many printed lines a stopped call's result keeps. */
const STOPPED_OUTPUT_LINES = 200;

/** STOPPED_RESULT, then the lines the call printed before it stopped (stderr ones marked). */
function stoppedResult(lines: readonly string[]): ToolResult {
  return { output: lines.length === 0 ? STOPPED_RESULT : `${STOPPED_RESULT}\nOutput so far:\n${lines.join("\n")}`, success: false };
}

async function dispatchAll(ctx: DispatchContext, calls: readonly ToolCall[], signal: AbortSignal, settled: Set<string>, stopped: Map<string, ToolResult>): Promise<void> {
  const started = (p: Planned) => settled.add(p.call.id);
  let i = 0;
  while (i < calls.length) {
    signal.throwIfAborted();
    const first = await plan(ctx, calls[i]!, signal);
    if (!runsAlone(first)) {
      // Read-only calls that need nobody run together; planning them changes nothing on disk.
      const batch = [first];
      while (i + batch.length < calls.length) {
        const next = await plan(ctx, calls[i + batch.length]!, signal);
        if (runsAlone(next)) break;
        batch.push(next);
      }
      const outcomes = await Promise.allSettled(batch.map((p) => runOne(ctx, p, signal, started, stopped)));
      for (let k = 0; k < batch.length; k++) {
        const outcome = outcomes[k]!;
        if (outcome.status !== "fulfilled") continue;
        await record(ctx, batch[k]!.call, outcome.value);
        started(batch[k]!);
      }
      // A call that failed here was stopped: if its tool had started, it gets STOPPED_RESULT;
      // if not (stopped in its check), "Not run" (dispatchToolCalls), not an unknown outcome.
      const failed = outcomes.find((o) => o.status === "rejected");
      if (failed) throw failed.reason;
      i += batch.length;
    } else {
      await record(ctx, first.call, await runOne(ctx, first, signal, started, stopped));
      started(first);
      i++;
    }
  }
}

function runsAlone(p: Planned): boolean {
  return !(p.need === "auto" && p.effect === "read_only" && p.error === undefined);
}

/** What a call is and what the trust matrix says of it; a tool that throws here is reported, not fatal. */
async function plan(ctx: DispatchContext, call: ToolCall, signal: AbortSignal): Promise<Planned> {
  try {
    return await planUnsafe(ctx, call, signal);
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw error;
    return { call, name: ctx.registry.canonicalName(call.name), error: `Error: ${(error as Error).message ?? String(error)}`, effect: "read_only", need: "auto", paths: [] };
  }
}

async function planUnsafe(ctx: DispatchContext, call: ToolCall, signal: AbortSignal): Promise<Planned> {
  let name = ctx.registry.canonicalName(call.name);
  const refuse = (error: string): Planned => ({ call, name, error, effect: "read_only", need: "auto", paths: [] });
  const prepared = await ctx.registry.prepareWaiting(name, call.arguments, signal);
  // A tool that arrived while waiting may be known by another spelling.
  name = ctx.registry.canonicalName(call.name);
  if (!prepared.ok) return refuse(prepared.error);
  const { tool } = prepared;
  let input = prepared.input;
  const hooked = await ctx.hooks.before({ sessionId: ctx.sessionId, toolName: tool.name, input });
  if (hooked && "block" in hooked) return refuse(`Error: ${tool.name} was blocked by a plugin: ${hooked.block}`);
  if (hooked && "input" in hooked) {
    const again = ctx.registry.prepare(name, JSON.stringify(hooked.input));
    if (!again.ok) return refuse(again.error);
    input = again.input;
  }
  const resolve = (list: readonly string[]) => Promise.all(list.map((p) => ctx.realPath(resolveUserPath(p, { root: ctx.projectRoot, home: ctx.homeDir }), signal)));
  const paths = await resolve(await (tool.paths?.(input) ?? []));
  const reach = await tool.reach?.(input);
  const named = reach ? await resolve(reach.named) : [];
  const forbidden = [...paths, ...named].find((p) => ctx.protectedDirs.some((dir) => isInside(dir, p)));
  if (forbidden) return refuse(`Error: ${forbidden} is inside Ursa's data directory, which tools may not read or change.`);
  const effect = await tool.classify(input);
  // Only a change with paths (declared or named) can land outside the project; reads skip resolving the root.
  const root = effect !== "read_only" && paths.length + named.length > 0 ? await ctx.realPath(ctx.projectRoot, signal) : null;
  const linked = root !== null && paths.length > 0 && (await Promise.all(paths.map((p) => ctx.hardLinks?.(p, signal) ?? 1))).some((links) => links > 1);
  const unknown = effect !== "read_only" && reach?.unknownPlaces === true;
  const outsideProject = unknown || linked || (root !== null && paths.some((p) => !isInside(root, p) && !ctx.scratchDirs.some((dir) => isInside(dir, p))));
  // For allow rules even scratch areas are outside: a rule kept for a change in the project must
  // not cover one in /tmp, and a command naming a path outside is not what was approved.
  const outsideForRules: RuleSubject["outside"] =
    root === null ? (unknown ? "elsewhere" : "none")
    : unknown || linked || named.some((p) => !isInside(root, p) && !paths.includes(p)) ? "elsewhere"
    : paths.some((p) => !isInside(root, p)) ? "paths"
    : "none";
  // Only a tool whose declared paths are all it touches can be "deleting what the agent made":
  // a command's paths (redirect targets) say nothing about what else it removes.
  const ownedDelete = effect === "destructive" && !tool.changesUndeclaredFiles && paths.length > 0 && paths.every((p) => ctx.tracker.isOwned(p));
  const mode = ctx.currentMode();
  const byMode = decideApproval({ effect, mode, outsideProject, ownedDelete, subAgent: ctx.subAgent });
  // A matching rule beats the mode's default, except that plan mode stays read-only.
  const kind = paths.length === 0 ? "other" : effect === "read_only" ? "read" : tool.changesUndeclaredFiles ? "other" : "edit";
  const ruled = decidePermission(ctx.permissions?.() ?? NO_RULES, { toolName: name, input, paths, kind, outside: outsideForRules, projectRoot: ctx.projectRoot, homeDir: ctx.homeDir });
  if (!ruled) return { call, name, tool, input, effect, need: byMode, paths };
  if (ruled.decision === "deny") return { call, name, tool, input, effect, need: "block", paths, blockReason: `the permission rule "${ruled.rule.text}" denies it` };
  if (ruled.decision === "ask") return { call, name, tool, input, effect, need: ctx.subAgent ? "block" : "confirm", paths };
  return { call, name, tool, input, effect, need: mode === "plan" && effect !== "read_only" ? "block" : "auto", paths };
}

/**
 * Every started call finishes: with its result, an error, or "cancelled" (then the abort goes on
 * up; a call whose tool was running when it came leaves its stopped result in `stopped`).
 */
async function runOne(ctx: DispatchContext, p: Planned, signal: AbortSignal, started: (p: Planned) => void, stopped: Map<string, ToolResult>): Promise<ToolResult> {
  const args: unknown = p.input ?? p.call.arguments;
  ctx.emit({ type: "tool_call_started", id: p.call.id, name: p.name, args, isSubAgent: ctx.subAgent });
  let running = false;
  // The first lines are kept, as the live view shows them; a long run's rest is counted.
  const printed: string[] = [];
  let unkept = 0;
  const begin = (p: Planned) => {
    running = true;
    started(p);
  };
  let result: ToolResult;
  try {
    result = await decideAndRun(ctx, p, signal, begin, (line, isStderr) => {
      if (printed.length < STOPPED_OUTPUT_LINES) printed.push(isStderr ? `stderr: ${line}` : line);
      else unkept++;
    });
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) {
      result = { output: `Error: ${(error as Error).message ?? String(error)}`, success: false };
    } else {
      if (running) stopped.set(p.call.id, withoutSecrets(stoppedResult(unkept === 0 ? printed : [...printed, `[${unkept} more lines]`]), ctx.secrets ?? []));
      ctx.emit({ type: "tool_call_finished", id: p.call.id, name: p.name, output: "Cancelled: the turn was interrupted.", success: false });
      throw error;
    }
  }
  result = withoutSecrets(result, ctx.secrets ?? []);
  ctx.emit({ type: "tool_call_finished", id: p.call.id, name: p.name, output: result.output, success: result.success });
  return result;
}

/** The result as it may be stored and sent: every known secret replaced. */
function withoutSecrets(result: ToolResult, secrets: readonly string[]): ToolResult {
  if (secrets.length === 0) return result;
  const output = redactKnownSecrets(result.output, secrets);
  const fullOutput = result.fullOutput === undefined ? undefined : redactKnownSecrets(result.fullOutput, secrets);
  return output === result.output && fullOutput === result.fullOutput ? result : { ...result, output, ...(fullOutput === undefined ? {} : { fullOutput }) };
}

async function decideAndRun(
  ctx: DispatchContext,
  p: Planned,
  signal: AbortSignal,
  started: (p: Planned) => void,
  printed: (line: string, isStderr: boolean) => void,
): Promise<ToolResult> {
  if (p.error !== undefined || !p.tool || !p.input) return { output: p.error ?? "Error: invalid call", success: false };
  const toolCtx: ToolContext = {
    sessionId: ctx.sessionId,
    projectRoot: ctx.projectRoot,
    resolvePath: (path) => resolveUserPath(path, { root: ctx.projectRoot, home: ctx.homeDir }),
    signal,
    caps: ctx.caps,
    emitOutputLine: (line, isStderr) => {
      printed(line, isStderr);
      ctx.emit({ type: "tool_output_line", id: p.call.id, line: redactKnownSecrets(line, ctx.secrets ?? []), isStderr });
    },
    askUser: (question, options) => askUser(ctx, question, options, signal),
    todos: ctx.todos,
    files: ctx.tracker,
    history: { all: () => ctx.messages.loadAllMessages(ctx.sessionId, signal) },
    ...(ctx.spawnAgent ? { spawnAgent: ctx.spawnAgent } : {}),
  };
  const detail = describeCall(p.tool, p.name, p.input);
  const invalid = p.need !== "block" ? await p.tool.validate?.(p.input, toolCtx) : null;
  if (invalid) return { output: invalid.startsWith("Error:") ? invalid : `Error: ${invalid}`, success: false };
  if (p.need === "block") {
    const preview = (await p.tool.preview?.(p.input, toolCtx).catch(() => null)) ?? null;
    const reason = p.blockReason ?? blockReason(ctx.currentMode());
    ctx.emit({ type: "action_blocked", callId: p.call.id, toolName: p.name, detail, reason, preview });
    return {
      output: `Error: ${p.name} was blocked and not executed: ${reason}. Do not retry it; describe what you would do instead.`,
      success: false,
    };
  }
  if (p.need === "confirm") {
    const decision = await askApproval(ctx, p, detail, toolCtx, signal);
    const refusal = refusalText(decision);
    if (refusal) return { output: refusal, success: false };
  }
  started(p);
  return execute(ctx, p, toolCtx, signal);
}

/** Runs the tool with file tracking around it, then the `tool.after` hooks. */
async function execute(ctx: DispatchContext, p: Planned, toolCtx: ToolContext, signal: AbortSignal): Promise<ToolResult> {
  const tool = p.tool!;
  const input = p.input!;
  const mutates = p.effect !== "read_only";
  const before = mutates && p.paths.length > 0 ? await ctx.tracker.capture(p.paths, signal) : null;
  if (before && before.size > 0) await ctx.tracker.beginChange(ctx.turnId, tool.name, before);
  const snapshot = mutates && (p.paths.length === 0 || tool.changesUndeclaredFiles) ? await ctx.tracker.snapshot(signal) : null;
  let result: ToolResult;
  try {
    result = await tool.execute(input, toolCtx);
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw error;
    result = { output: `Error: ${(error as Error).message ?? String(error)}`, success: false };
  } finally {
    // Track even a failed or interrupted call: a command may have changed files before it stopped.
    const quiet = new AbortController().signal;
    if (before) await ctx.tracker.recordAfter(ctx.turnId, tool.name, before, quiet);
    if (snapshot) {
      const after = await ctx.tracker.snapshot(quiet);
      if (after) await ctx.tracker.recordSnapshotDiff(ctx.turnId, tool.name, snapshot, after, quiet, new Set(before?.keys() ?? []));
    }
  }
  return ctx.hooks.after({ sessionId: ctx.sessionId, toolName: tool.name, input }, result);
}

/** The question is a fact for sinks; the answer comes from the session's Interaction (empty when nobody is there). */
async function askUser(ctx: DispatchContext, question: string, options: readonly string[], signal: AbortSignal): Promise<string> {
  const id = newId();
  // Asked before announcing, so an answer given at once (by command) is not missed.
  const answer = ctx.interaction.askUser({ sessionId: ctx.sessionId, id, question, options }, signal);
  ctx.emit({ type: "ask_user_requested", id, question, options });
  return answer;
}

async function askApproval(ctx: DispatchContext, p: Planned, detail: string, toolCtx: ToolContext, signal: AbortSignal): Promise<ApprovalDecision> {
  const id = newId();
  const preview = (await p.tool!.preview?.(p.input!, toolCtx).catch(() => null)) ?? null;
  const answer = ctx.interaction.approve({ sessionId: ctx.sessionId, id, callId: p.call.id, toolName: p.name, detail, effect: p.effect, preview, mode: ctx.currentMode(), input: p.input ?? {} }, signal);
  ctx.emit({ type: "approval_requested", id, callId: p.call.id, toolName: p.name, detail, effect: p.effect, preview });
  return answer;
}

function refusalText(decision: ApprovalDecision): string | null {
  switch (decision.decision) {
    case "approve":
      return null;
    case "reject":
      return "The user rejected this action. Do not retry it; ask the user how to proceed or try another approach.";
    case "reject_with_feedback":
      return `The user rejected this action with feedback: ${decision.feedback}`;
    case "reject_auto":
      return `Action not executed: ${decision.reason}`;
  }
}

async function record(ctx: DispatchContext, call: ToolCall, result: ToolResult): Promise<void> {
  const cap = ctx.caps.toolResultChars;
  const truncated = result.output.length > cap;
  const content = truncated
    ? `${result.output.slice(0, cap)}\n\n[...truncated ${result.output.length - cap} chars. Use RecallContext or re-read the file if you need the full content.]`
    : result.output;
  const full = result.fullOutput ?? (truncated ? result.output : undefined);
  if (full !== undefined) {
    await ctx.messages.insertToolMessageWithFull(ctx.sessionId, { content, toolCallId: call.id, fullContent: full, agentName: ctx.agentName });
  } else {
    await ctx.messages.insertMessage(ctx.sessionId, { role: "tool", content, toolCallId: call.id, agentName: ctx.agentName, complete: true });
  }
}

/** A one-line description of a call for approval prompts. */
/** The tool's own one-line description of the call, or its name and input as JSON. */
function describeCall(tool: Tool | undefined, name: string, input: Record<string, unknown>): string {
  try {
    const own = tool?.describe?.(input);
    if (own) return own;
  } catch {
    // A tool's describe() that throws must not stop the call: the generic form follows.
  }
  const json = JSON.stringify(input);
  return `${name} ${json.length > 120 ? `${json.slice(0, 117)}...` : json}`;
}

function blockReason(mode: TrustMode): string {
  if (mode === "plan") return "plan mode is read-only";
  if (mode === "safe") return "in safe mode a sub-agent may only read, the main agent makes changes with the user's approval";
  return "a sub-agent may not do this (destructive, or outside the project) as nobody can approve it";
}
