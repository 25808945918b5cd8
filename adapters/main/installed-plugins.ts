import { homedir } from "node:os";
import type { EventBus } from "../../core/application/event-bus.ts";
import type { HookPipeline } from "../../core/application/hook-pipeline.ts";
import type { ToolRegistry } from "../../core/application/tool-registry.ts";
import type { FileSystem } from "../../core/ports/file-system.ts";
import type { HttpClient } from "../../core/ports/http-client.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { ProcessRunner } from "../../core/ports/process-runner.ts";
import type { Tool } from "../../core/ports/tool.ts";
import { chooseRuntime, DEFAULT_LIMITS, developerId, PluginSandboxHost, readInstalledPlugins } from "../plugin-sandbox/mod.ts";
import type { AppConfig } from "./config.ts";

export interface SandboxDeps {
  readonly fs: FileSystem;
  readonly http: HttpClient;
  readonly process: ProcessRunner;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly hooks: HookPipeline;
}

/**
 * The host of installed plugins' children. A failing plugin is reported in the log and, when
 * it failed during a session's tool call, as a warning in that session (stderr in headless
 * runs, a notice in the dashboard).
 */
export function createPluginSandbox(c: AppConfig, d: SandboxDeps): PluginSandboxHost {
  let runtime;
  try {
    runtime = chooseRuntime(c.env);
  } catch (error) {
    d.log.warn(`${(error as Error).message}; plugins run on Node`);
    runtime = chooseRuntime({ ...c.env, URSA_PLUGIN_RUNTIME: "node" });
  }
  return new PluginSandboxHost({
    runtime, fs: d.fs, http: d.http, process: d.process, log: d.log, events$: d.bus.events$, hooks: d.hooks,
    dataDir: c.dataDir, projectRoot: c.project.root, homeDir: homedir(), env: c.env, limits: DEFAULT_LIMITS,
    report: (pluginId, problem, sessionId) => {
      d.log.error(problem, { plugin: pluginId });
      if (sessionId) d.bus.emit({ sessionId, type: "warn", message: problem });
    },
  });
}

/**
 * Offers the tools of every installed plugin that passes its integrity check, from the
 * lockfiles' cache: no child starts here. Returns one line per plugin that was not loaded.
 */
export async function registerInstalledPlugins(c: AppConfig, sandbox: PluginSandboxHost, registry: ToolRegistry, signal: AbortSignal): Promise<string[]> {
  const { plugins, problems } = await readInstalledPlugins(c.dataDir, c.project.root, signal);
  const failures = [...problems];
  for (const entry of plugins) failures.push(...registerAll(`plugin ${entry.id}`, sandbox.add(entry), registry));
  return failures;
}

/**
 * Starts each developer-mode module of `$URSA_HOME/plugins/` in a child of its own (all at once;
 * their tools are registered in file order): unsandboxed, but a hang, a crash or process.exit
 * no longer takes Ursa down. Returns one line per module that did not start.
 */
export async function registerDeveloperPlugins(files: readonly string[], sandbox: PluginSandboxHost, registry: ToolRegistry): Promise<string[]> {
  const started = await Promise.allSettled(files.map((file) => sandbox.addDeveloper(file)));
  const failures: string[] = [];
  started.forEach((outcome, i) => {
    if (outcome.status === "rejected") failures.push((outcome.reason as Error).message ?? String(outcome.reason));
    else failures.push(...registerAll(`the plugin ${developerId(files[i]!)}`, outcome.value, registry));
  });
  return failures;
}

function registerAll(label: string, added: { tools: readonly Tool[]; onDisabled(listener: () => void): void }, registry: ToolRegistry): string[] {
  const disposals: (() => void)[] = [];
  try {
    for (const tool of added.tools) disposals.push(registry.register(tool));
  } catch (error) {
    for (const dispose of disposals) dispose();
    return [`${label} is not loaded: ${(error as Error).message}`];
  }
  // A plugin disabled after repeated crashes stops being offered to the model.
  added.onDisabled(() => disposals.forEach((dispose) => dispose()));
  return [];
}
