import type { ToolRegistry } from "../../core/application/tool-registry.ts";
import type { Tool } from "../../core/ports/tool.ts";
import type { PluginSandboxHost } from "../plugin-sandbox/mod.ts";

/**
 * The tools each plugin offers in the shared registry, by plugin id, so a plugin installed,
 * enabled, disabled or removed while Ursa runs (the dashboard's `/plugin`) is offered or taken
 * back from every session's next turn, without a restart.
 */
export class LivePluginTools {
  readonly #sandbox: PluginSandboxHost;
  readonly #registry: ToolRegistry;
  readonly #offered = new Map<string, () => void>();

  constructor(sandbox: PluginSandboxHost, registry: ToolRegistry) {
    this.#sandbox = sandbox;
    this.#registry = registry;
  }

  /** Registers a plugin's tools; returns one line when they cannot all be (a name already taken). */
  offer(id: string, label: string, added: { tools: readonly Tool[]; onDisabled(listener: () => void): void }): string[] {
    const disposals: (() => void)[] = [];
    try {
      for (const tool of added.tools) disposals.push(this.#registry.register(tool));
    } catch (error) {
      for (const dispose of disposals) dispose();
      return [`${label} is not loaded: ${(error as Error).message}`];
    }
    const withdraw = (): void => {
      for (const dispose of disposals.splice(0)) dispose();
    };
    this.#offered.set(id, withdraw);
    // A plugin disabled after repeated crashes stops being offered to the model.
    added.onDisabled(withdraw);
    return [];
  }

  has(id: string): boolean {
    return this.#offered.has(id);
  }

  /** Takes a plugin's tools back and stops its child. */
  async withdraw(id: string): Promise<void> {
    this.#offered.get(id)?.();
    this.#offered.delete(id);
    await this.#sandbox.remove(id);
  }
}
