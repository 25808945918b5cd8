import { randomUUID } from "node:crypto";
import { timedCall } from "./timed-call.ts";
import { TOOL_EFFECTS, type ToolEffect } from "../../core/domain/tool-effect.ts";
import type { Tool, ToolContext, ToolResult } from "../../core/ports/tool.ts";
import type { PluginPermissions } from "../../core/domain/plugin-manifest.ts";
import type { PluginHandle } from "./plugin-handle.ts";
import type { ToolSummary } from "./tool-summary.ts";

const MAX_PATHS = 256;
const DECISION_TIMEOUT_MS = 10_000;

/**
 * A sandboxed plugin's tool as the engine sees it. The child answers classify, paths, validate
 * and preview, but the host has the last word: a plugin holding write, run or network grants
 * cannot make its tool read-only (and so run in plan mode) by saying so.
 */
export function proxyTool(summary: ToolSummary, plugin: PluginHandle, callTimeoutMs: number): Tool {
  const ask = async <T>(method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<T> => (await plugin.child()).rpc.request<T>(method, { name: summary.name, ...params }, signal);
  // classify and paths decide what is asked: a child that never answers must not hang the turn.
  const decide = <T>(method: string, input: unknown): Promise<T> => ask<T>(method, { input }, AbortSignal.timeout(DECISION_TIMEOUT_MS)).catch((error: unknown) => {
    throw new Error(`the plugin ${plugin.entry.id} did not answer ${method.replace("ursa/", "")}() for ${summary.name}: ${(error as Error).message}`);
  });
  // What the dispatcher was told a call touches is what execute may write: the child is not asked twice.
  const planned = new WeakMap<object, readonly string[]>();
  return {
    name: summary.name,
    description: summary.description,
    parameters: summary.parameters,
    // Commands run for it can change any file; without a run grant it writes only what a call declares.
    changesUndeclaredFiles: plugin.grants.run,
    async classify(input) {
      return effectFor(await decide<unknown>("ursa/classify", input), plugin.grants);
    },
    async paths(input) {
      const paths = await decide<unknown>("ursa/paths", input);
      if (!Array.isArray(paths) || paths.length > MAX_PATHS || paths.some((p) => typeof p !== "string" || p === "")) {
        throw new Error(`the plugin ${plugin.entry.id} answered paths() for ${summary.name} with something other than a list of paths`);
      }
      planned.set(input, paths as string[]);
      return paths as string[];
    },
    async validate(input, ctx) {
      return withCall(plugin, ctx, [], async (call) => {
        const problem = await ask<unknown>("ursa/validate", { input, call }, ctx.signal);
        return typeof problem === "string" && problem !== "" ? problem : null;
      });
    },
    async preview(input, ctx) {
      return withCall(plugin, ctx, [], (call) => ask("ursa/preview", { input, call }, ctx.signal));
    },
    async execute(input, ctx) {
      const child = await plugin.child();
      const declared = await realPaths(plugin, planned.get(input) ?? (await child.rpc.request<unknown>("ursa/paths", { name: summary.name, input }, ctx.signal)), ctx);
      return withCall(plugin, ctx, declared, (call) =>
        timedCall(plugin, child, summary.name, callTimeoutMs, ctx.signal, async () => toolResult(await child.rpc.request<unknown>("tools/call", { name: summary.name, input, call }, ctx.signal))),
      );
    },
  };
}

export function effectFor(said: unknown, grants: PluginPermissions): ToolEffect {
  const effect = TOOL_EFFECTS.includes(said as ToolEffect) ? (said as ToolEffect) : "destructive";
  if (effect !== "read_only") return effect;
  const writes = grants.fs.write.length > 0 || grants.run;
  if (writes) return "local_mutation";
  return grants.net.length > 0 ? "remote_action" : "read_only";
}

/** Runs `body` with the call registered, so the child's ctx requests (askUser, writes) are tied to it. */
async function withCall<T>(plugin: PluginHandle, ctx: ToolContext, paths: readonly string[], body: (call: Record<string, unknown>) => Promise<T>): Promise<T> {
  const callId = randomUUID();
  plugin.noteSession(ctx.sessionId);
  plugin.calls.set(callId, { ctx, paths });
  try {
    return await body(describeCall(callId, ctx, paths));
  } finally {
    plugin.calls.delete(callId);
  }
}

/** What the child's per-call context is built from, with the ledger's facts about the declared paths. */
function describeCall(callId: string, ctx: ToolContext, paths: readonly string[]): Record<string, unknown> {
  const reads: Record<string, unknown> = {};
  const writers: Record<string, unknown> = {};
  const owned: string[] = [];
  for (const path of paths) {
    const read = ctx.files.lastRead(path);
    if (read) reads[path] = read;
    const writer = ctx.files.lastWriter(path);
    if (writer) writers[path] = writer;
    if (ctx.files.isOwned(path)) owned.push(path);
  }
  const home = ctx.resolvePath("~");
  return { callId, sessionId: ctx.sessionId, projectRoot: ctx.projectRoot, homeDir: home, caps: ctx.caps, files: { reads, writers, owned } };
}

async function realPaths(plugin: PluginHandle, value: unknown, ctx: ToolContext): Promise<string[]> {
  if (!Array.isArray(value)) return [];
  return Promise.all(value.slice(0, MAX_PATHS).map((p) => plugin.realPath(ctx.resolvePath(String(p)), ctx.signal)));
}

function toolResult(value: unknown): ToolResult {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return {
    output: typeof v["output"] === "string" ? v["output"] : String(v["output"] ?? ""),
    success: v["success"] !== false,
    ...(typeof v["fullOutput"] === "string" ? { fullOutput: v["fullOutput"] } : {}),
  };
}
