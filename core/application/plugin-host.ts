import { filter } from "rxjs";
import type { EngineEvent } from "../domain/engine-event.ts";
import type { FileSystem } from "../ports/file-system.ts";
import type { HttpClient } from "../ports/http-client.ts";
import type { Logger } from "../ports/logger.ts";
import type { ProcessRunner } from "../ports/process-runner.ts";
import type { HookPipeline } from "./hook-pipeline.ts";
import { PLUGIN_API_VERSION, type Plugin, type PluginContext } from "../plugin-api/mod.ts";
import type { EventBus } from "./event-bus.ts";
import type { ToolRegistry } from "./tool-registry.ts";

/** The host's capabilities, handed to plugins through their context. */
export interface PluginHostDeps {
  readonly registry: ToolRegistry;
  readonly bus: EventBus;
  readonly hooks: HookPipeline;
  readonly fs: FileSystem;
  readonly process: ProcessRunner;
  readonly http: HttpClient;
  readonly host: { readonly dataDir: string; readonly projectRoot: string };
  readonly log: Logger;
}

export interface PluginFailure {
  readonly pluginId: string;
  readonly message: string;
}

/**
 * Activates plugins against the public API. A plugin that is malformed, written for another
 * API version, or throws while activating is reported and skipped (with whatever it had
 * registered undone); the others still load.
 */
export class PluginHost {
  readonly #deps: PluginHostDeps;
  readonly #active: { plugin: Plugin; disposables: (() => void)[] }[] = [];

  constructor(deps: PluginHostDeps) {
    this.#deps = deps;
  }

  async activateAll(plugins: readonly unknown[]): Promise<PluginFailure[]> {
    const failures: PluginFailure[] = [];
    for (const candidate of plugins) {
      const failure = await this.activate(candidate);
      if (failure) failures.push(failure);
    }
    return failures;
  }

  async activate(candidate: unknown): Promise<PluginFailure | null> {
    const shapeProblem = checkShape(candidate);
    const id = typeof (candidate as { id?: unknown })?.id === "string" ? (candidate as { id: string }).id : "(unnamed plugin)";
    if (shapeProblem) return { pluginId: id, message: shapeProblem };
    const plugin = candidate as Plugin;
    if (plugin.apiVersion !== PLUGIN_API_VERSION) {
      return { pluginId: id, message: `written for plugin API ${plugin.apiVersion}, but this Ursa implements API ${PLUGIN_API_VERSION}; update the plugin or Ursa` };
    }
    const disposables: (() => void)[] = [];
    const { registry, bus, hooks, fs, process, http, host, log } = this.#deps;
    const ctx: PluginContext = {
      apiVersion: PLUGIN_API_VERSION,
      registerTool: (tool) => {
        const dispose = registry.register(tool as never);
        disposables.push(dispose);
        return dispose;
      },
      on: (type, listener) => {
        const subscription = bus.events$
          .pipe(filter((event: EngineEvent) => event.type === type))
          .subscribe((event) => {
            // A listener may be async: its rejection is logged like a throw, never left unhandled.
            Promise.resolve()
              .then(() => listener(event as never))
              .catch((error: unknown) => log.warn(`plugin ${id} listener for ${type} failed`, { error: String(error) }));
          });
        const dispose = () => subscription.unsubscribe();
        disposables.push(dispose);
        return dispose;
      },
      hook: (name, handler) => {
        const dispose = hooks.register(name, handler);
        disposables.push(dispose);
        return dispose;
      },
      fs,
      process,
      http,
      host,
      log,
    };
    try {
      await plugin.activate(ctx);
    } catch (error) {
      for (const dispose of disposables) dispose();
      return { pluginId: id, message: `activate() failed: ${(error as Error).message ?? String(error)}` };
    }
    this.#active.push({ plugin, disposables });
    return null;
  }

  /** Every plugin is deactivated, even after another one failed to. */
  async deactivateAll(): Promise<void> {
    for (const { plugin, disposables } of this.#active.splice(0).reverse()) {
      try {
        await plugin.deactivate?.();
      } catch (error) {
        this.#deps.log.warn(`plugin ${plugin.id} failed to deactivate`, { error: String(error) });
      } finally {
        for (const dispose of disposables) dispose();
      }
    }
  }
}

function checkShape(candidate: unknown): string | null {
  if (typeof candidate !== "object" || candidate === null) return "is not a plugin object (export default definePlugin({...}))";
  const p = candidate as Record<string, unknown>;
  if (typeof p["id"] !== "string" || p["id"] === "") return "has no id";
  if (typeof p["version"] !== "string") return "has no version string";
  if (typeof p["apiVersion"] !== "number") return "has no apiVersion number";
  if (typeof p["activate"] !== "function") return "has no activate(ctx) function";
  return null;
}
