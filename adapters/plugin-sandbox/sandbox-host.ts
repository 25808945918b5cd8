import type { Tool } from "../../core/ports/tool.ts";
import { basename, dirname } from "node:path";
import { DeniedAttemptsLog } from "./denied-attempts.ts";
import { noPermissions } from "../../core/domain/plugin-manifest.ts";
import { SandboxedPlugin, type InstalledPlugin, type PluginStatus, type SandboxHostDeps } from "./sandboxed-plugin.ts";

/**
 * Every sandboxed plugin of this Ursa process: what `ursa plugin list` and the dashboard ask
 * about (status, crashes, denied attempts), and what is stopped when Ursa ends.
 */
export class PluginSandboxHost {
  readonly #deps: SandboxHostDeps;
  readonly #plugins = new Map<string, SandboxedPlugin>();

  readonly #denied: DeniedAttemptsLog;

  constructor(deps: SandboxHostDeps) {
    this.#denied = new DeniedAttemptsLog(deps.dataDir);
    this.#deps = { ...deps, denied: this.#denied };
  }

  get runtime(): SandboxHostDeps["runtime"] {
    return this.#deps.runtime;
  }

  /** Adds an installed plugin; nothing starts until one of its tools is used. */
  add(entry: InstalledPlugin): { tools: Tool[]; onDisabled(listener: () => void): void } {
    const plugin = new SandboxedPlugin(entry, this.#deps);
    this.#plugins.set(entry.id, plugin);
    return { tools: plugin.tools(), onDisabled: (listener) => plugin.onDisabled(listener) };
  }

  /**
   * Starts a developer-mode module from `$URSA_HOME/plugins/` in an unrestricted child now (its
   * tools are not cached anywhere) and returns its tools; a failure to start is one line.
   */
  async addDeveloper(file: string): Promise<{ tools: Tool[]; onDisabled(listener: () => void): void }> {
    const plugin = new SandboxedPlugin(
      { id: developerId(file), version: "dev", kind: "tool", dir: dirname(file), main: basename(file), granted: noPermissions(), tools: [], developer: true },
      this.#deps,
    );
    this.#plugins.set(plugin.entry.id, plugin);
    await plugin.child();
    return { tools: plugin.tools(), onDisabled: (listener) => plugin.onDisabled(listener) };
  }

  statuses(): PluginStatus[] {
    return [...this.#plugins.values()].map((p) => p.status());
  }

  /** Calls the broker refused for this plugin since Ursa started; null for a plugin it does not run. */
  deniedAttempts(id: string): number | null {
    return this.#plugins.get(id)?.status().denied ?? null;
  }

  /** Stops a plugin's child and forgets it (removed or disabled while Ursa runs). */
  async remove(id: string): Promise<void> {
    const plugin = this.#plugins.get(id);
    this.#plugins.delete(id);
    await plugin?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#plugins.values()].map((p) => p.stop()));
    await this.#denied.flush();
  }
}

/** "a-good.mjs" for a file, "my-tool/" for a folder's index.mjs. */
export function developerId(file: string): string {
  const name = basename(file);
  return name === "index.mjs" || name === "index.js" ? `${basename(dirname(file))}/` : name;
}
