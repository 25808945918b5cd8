/**
 * Ursa's public plugin API: the one import a tool plugin needs (`#plugin-api`).
 * Built-in tools use exactly this surface. Plugins do I/O only through the capabilities
 * handed to `activate` (never `node:` modules), so the host can run them on Node and Deno
 * alike and, later, sandbox them. docs/plugin-api.md documents it with a tested example.
 */
import type { EngineEventType, EventOf } from "../domain/engine-event.ts";
import type { FileSystem } from "../ports/file-system.ts";
import type { HttpClient } from "../ports/http-client.ts";
import type { Logger } from "../ports/logger.ts";
import type { ProcessRunner } from "../ports/process-runner.ts";
import type { Tool } from "../ports/tool.ts";
import type { HookName, ToolHooks } from "../ports/tool-hooks.ts";

/** The API version this host implements; a plugin declares the version it was written for. */
export const PLUGIN_API_VERSION = 1;

/** Undoes a registration. */
export type Disposable = () => void;

/** A tool a plugin registers; the same shape as the engine's Tool port. */
export type ToolDefinition<Input = Record<string, unknown>> = Tool<Input>;

/** What a plugin gets when it is activated. */
export interface PluginContext {
  readonly apiVersion: number;
  registerTool<Input>(tool: ToolDefinition<Input>): Disposable;
  /** Listens to engine facts (past tense); listeners cannot change what happens. */
  on<K extends EngineEventType>(type: K, listener: (event: EventOf<K>) => void): Disposable;
  /** Takes part in a decision (block or rewrite a tool call, replace a result); awaited in order. */
  hook<K extends HookName>(name: K, handler: ToolHooks[K]): Disposable;
  /** The file system. */
  readonly fs: FileSystem;
  /** Runs shell commands. */
  readonly process: ProcessRunner;
  /** HTTP GET without redirects followed (check each hop yourself). */
  readonly http: HttpClient;
  /** Where things are: Ursa's data directory (never touched by tools) and the project. */
  readonly host: { readonly dataDir: string; readonly projectRoot: string };
  readonly log: Logger;
}

export interface Plugin {
  /** Unique, lower-case, e.g. "ursa.read" or "acme.jira". */
  readonly id: string;
  readonly version: string;
  /** The PLUGIN_API_VERSION this plugin was written against. */
  readonly apiVersion: number;
  activate(ctx: PluginContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}

/** Declares a plugin; a typed identity function, so a plugin module has no side effects. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}

export type { DiffPreview, EngineEvent, EngineEventType, EventOf, TodoDiff, TodoItem } from "../domain/engine-event.ts";
export { TODO_PRIORITIES, TODO_STATUSES } from "../domain/engine-event.ts";
export type { StoredMessage, ToolCall } from "../domain/message.ts";
export type { HttpClient, HttpResponse } from "../ports/http-client.ts";
export type { ProcessOptions, ProcessResult, ProcessRunner } from "../ports/process-runner.ts";
export type { HookedCall, HookName, ToolHooks } from "../ports/tool-hooks.ts";
export { splitLines } from "../domain/text-lines.ts";
export { DIFF_LIMITS } from "../domain/diff-limits.ts";
export { textDigest } from "../domain/text-digest.ts";
export { GLOBAL_MEMORY_FILE, PROJECT_MEMORY_FILES } from "../domain/memory-files.ts";
export { globalMemoryPath, projectMemoryPath, readIfExists } from "./memory-files.ts";
export { NOISE_DIRS, projectWalk } from "./project-walk.ts";
export type { JsonSchema } from "../domain/json-schema.ts";
export type { OutputCaps } from "../domain/output-caps.ts";
export type { ToolEffect } from "../domain/tool-effect.ts";
export type { DirEntry, FileStat, FileSystem } from "../ports/file-system.ts";
export type { Logger } from "../ports/logger.ts";
export type { FileLedger, TodoAccess, ToolContext, ToolReach, ToolResult } from "../ports/tool.ts";
export { basename, dirname, isInside, normalizePath, relativePath, resolvePath, resolveUserPath } from "../domain/paths.ts";
