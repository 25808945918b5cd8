import { homedir } from "node:os";
import type { EventBus } from "../../core/application/event-bus.ts";
import type { HookPipeline } from "../../core/application/hook-pipeline.ts";
import type { FileSystem } from "../../core/ports/file-system.ts";
import type { HttpClient } from "../../core/ports/http-client.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { ProcessRunner } from "../../core/ports/process-runner.ts";
import { chooseRuntime, DEFAULT_LIMITS, developerId, PluginSandboxHost, readInstalledPlugins } from "../plugin-sandbox/mod.ts";
import type { AppConfig } from "./config.ts";
import type { LivePluginTools } from "./live-plugin-tools.ts";

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
    // WebFetch's address policy: ctx.http holds a granted name to public addresses the same way.
    addressPolicy: () => import("../../plugins/web-fetch/address-policy.ts"),
    dataDir: c.dataDir, projectRoot: c.project.root, homeDir: homedir(), env: c.env, limits: DEFAULT_LIMITS,
    report: (pluginId, problem, sessionId) => {
      d.log.error(problem, { plugin: pluginId });
      if (sessionId) d.bus.emit({ sessionId, type: "warn", message: problem });
    },
  });
}

/**
 * Offers the tools of every installed plugin that passes its integrity check, from the
 * lockfiles' cache: no child starts here (`only`: just these ids, after an install while Ursa
 * runs). Returns one line per plugin that was not loaded.
 */
export async function registerInstalledPlugins(c: AppConfig, sandbox: PluginSandboxHost, live: LivePluginTools, signal: AbortSignal, only?: readonly string[]): Promise<string[]> {
  const { projectConsents } = await import("../plugin-installer/project-consent.ts");
  const { plugins, problems } = await readInstalledPlugins(c.dataDir, c.project.root, signal, storedFileProblems, await projectConsents(c.dataDir, c.project.root));
  const failures = only ? problems.filter((p) => only.some((id) => p.startsWith(`plugin ${id} `))) : [...problems];
  for (const entry of plugins) {
    if (only && !only.includes(entry.id)) continue;
    failures.push(...live.offer(entry.id, `plugin ${entry.id}`, sandbox.add(entry)));
  }
  return failures;
}

/**
 * Starts each developer-mode module of `$URSA_HOME/plugins/` in a child of its own (all at once;
 * their tools are registered in file order): unsandboxed, but a hang, a crash or process.exit
 * no longer takes Ursa down. Returns one line per module that did not start.
 */
export async function registerDeveloperPlugins(files: readonly string[], sandbox: PluginSandboxHost, live: LivePluginTools): Promise<string[]> {
  const started = await Promise.allSettled(files.map((file) => sandbox.addDeveloper(file)));
  const failures: string[] = [];
  started.forEach((outcome, i) => {
    if (outcome.status === "rejected") failures.push((outcome.reason as Error).message ?? String(outcome.reason));
    else failures.push(...live.offer(developerId(files[i]!), `the plugin ${developerId(files[i]!)}`, outcome.value));
  });
  return failures;
}

/**
 * A start-up problem as the one line stderr or the dashboard shows: its first line, the rest
 * (a syntax error's code frame, a multi-line message) left to the log.
 */
export function startupLine(problem: string): string {
  const newline = problem.indexOf("\n");
  return newline < 0 ? problem : `${problem.slice(0, newline).trimEnd()} (more in the log)`;
}

/** The installer's re-hash of a store folder, in the words the start-up line uses. */
async function storedFileProblems(dir: string, expected: Readonly<Record<string, string>>): Promise<string[]> {
  const { checkStoredFiles } = await import("../plugin-installer/plugin-store.ts");
  return (await checkStoredFiles(dir, expected)).map((p) => (p.problem === "changed" ? p.path : `${p.path} (${p.problem})`));
}
