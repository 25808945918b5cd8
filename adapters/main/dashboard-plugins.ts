import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { PendingInstall, PluginInfo, PluginsApi, PluginState } from "../../core/ports/driving/plugins-api.ts";
import {
  alreadyInstalledLine, commitPlugins, consentSubject, describePermissions, discardAll, findAlreadyInstalled, grantsBeyondInstalled, isFlagged, listInstalledPlugins, preparePlugins,
  removePlugin, renderConsent, setPluginEnabled, type InstalledPluginView, type InstallerEnv, type PreparedPlugin,
} from "../plugin-installer/mod.ts";
import { readDeniedAttempts, type PluginSandboxHost } from "../plugin-sandbox/mod.ts";
import { describeSecretVariables } from "./child-env.ts";
import type { AppConfig } from "./config.ts";
import { registerInstalledPlugins } from "./installed-plugins.ts";
import type { LivePluginTools } from "./live-plugin-tools.ts";
import { installerEnv } from "./plugin-installer-env.ts";

export interface DashboardPluginsDeps {
  readonly config: AppConfig;
  readonly sandbox: PluginSandboxHost;
  readonly live: LivePluginTools;
  /** The bus: a plugin's failure (a `warn` from the sandbox) and each turn's end change what the view shows. */
  readonly events$: { subscribe(observer: (event: EngineEvent) => void): { unsubscribe(): void } };
}

/**
 * The dashboard's `/plugin` and plugins view: the installer's lockfiles and store, as
 * `ursa plugin` uses them (user scope), and the sandbox's view of each running child. What is
 * installed, enabled, disabled or removed here is offered or taken back from the next turn.
 */
export class DashboardPlugins implements PluginsApi {
  readonly #d: DashboardPluginsDeps;
  readonly #listeners = new Set<() => void>();

  constructor(deps: DashboardPluginsDeps) {
    this.#d = deps;
    deps.events$.subscribe((event) => {
      // A failure, and the end of a turn (children started, calls refused), change what the view shows.
      if ((event.type === "warn" && event.message.startsWith("the plugin ")) || event.type === "turn_ended") this.#changed();
    });
  }

  async list(signal: AbortSignal): Promise<readonly PluginInfo[]> {
    const env = this.#env(signal);
    const views = await listInstalledPlugins(env, await readDeniedAttempts(env.dataDir));
    const running = new Map(this.#d.sandbox.statuses().map((s) => [s.id, s]));
    const secrets = describeSecretVariables(this.#d.config.keys);
    return views.map((view) => describe(view, running.get(view.id), secrets));
  }

  async inspect(specs: readonly string[], signal: AbortSignal): Promise<PendingInstall> {
    const env = this.#env(signal);
    const all = await preparePlugins(specs, "user", env);
    let consent: string;
    let current: Set<PreparedPlugin>;
    try {
      // Exactly what is installed already (same bytes, same grants) is not asked about again, as in `ursa plugin add`.
      current = await findAlreadyInstalled(all, "user", env);
      const fresh = all.filter((plugin) => !current.has(plugin));
      // Another version of an installed plugin: what it asks for beyond the old grants is marked NEW, as `ursa plugin update` does.
      const added = await grantsBeyondInstalled(fresh, "user", env);
      consent = fresh.length === 0 ? "" : renderConsent(fresh.map(consentSubject), { runtime: this.#d.sandbox.runtime, color: false, secrets: describeSecretVariables(this.#d.config.keys), added });
    } catch (error) {
      await discardAll(all);
      throw error;
    }
    const prepared = all.filter((plugin) => !current.has(plugin));
    // Their staged downloads are not needed: nothing of them is installed.
    await discardAll([...current]);
    return {
      ids: prepared.map((p) => p.id),
      alreadyInstalled: [...current].map((plugin) => alreadyInstalledLine(plugin, "user")),
      consent,
      // Its own signal: the user may read the consent screen for longer than the download may take.
      install: async (installSignal) => {
        try {
          const entries = await commitPlugins(prepared, "user", this.#env(installSignal));
          const ids = entries.map((e) => e.id);
          for (const id of ids) if (this.#d.live.has(id)) await this.#d.live.withdraw(id);
          const failures = await registerInstalledPlugins(this.#d.config, this.#d.sandbox, this.#d.live, installSignal, ids);
          this.#changed();
          return [
            ...entries.map((e) => `Installed ${e.id} ${e.version}: ${e.tools.length} tool${e.tools.length === 1 ? "" : "s"}${e.tools.length > 0 ? ` (${e.tools.map((t) => t.name).join(", ")})` : ""}, offered from the next turn.`),
            ...failures,
          ];
        } finally {
          await discardAll(prepared);
        }
      },
      discard: () => discardAll(prepared),
    };
  }

  async enable(id: string, signal: AbortSignal): Promise<string> {
    const { entry } = await setPluginEnabled(id, true, undefined, this.#env(signal));
    if (this.#d.live.has(id)) await this.#d.live.withdraw(id);
    const failures = await registerInstalledPlugins(this.#d.config, this.#d.sandbox, this.#d.live, signal, [id]);
    this.#changed();
    return failures.length > 0 ? `Enabled ${id} ${entry.version}, but ${failures.join("; ")}` : `Enabled ${id} ${entry.version}: its tools are offered from the next turn.`;
  }

  async disable(id: string, signal: AbortSignal): Promise<string> {
    const { entry } = await setPluginEnabled(id, false, undefined, this.#env(signal));
    await this.#d.live.withdraw(id);
    this.#changed();
    return `Disabled ${id} ${entry.version}: its tools are left out from the next turn.`;
  }

  async remove(id: string, signal: AbortSignal): Promise<string> {
    const env = this.#env(signal);
    const { entry } = await removePlugin(id, undefined, env);
    await this.#d.live.withdraw(id);
    this.#changed();
    return `Removed ${entry.id} ${entry.version}. Its private data, if any, is kept in ${env.dataDir}/plugin-data/${entry.id}.`;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** The installer as `ursa plugin` wires it, for the project this Ursa has open. */
  #env(signal: AbortSignal): InstallerEnv {
    const c = this.#d.config;
    return { ...installerEnv({ env: c.env, cwd: process.cwd(), signal }), dataDir: c.dataDir, projectRoot: c.project.root };
  }
}

function describe(view: InstalledPluginView, running: ReturnType<PluginSandboxHost["statuses"]>[number] | undefined, secrets: ReadonlyMap<string, string>): PluginInfo {
  let state: PluginState;
  let why: string | null = null;
  if (view.status !== "enabled") {
    state = view.status;
    if (view.status === "modified") why = `files changed on disk since install (${view.problems.map((p) => `${p.path}: ${p.problem}`).join(", ")}): not loaded; ursa plugin verify explains`;
    if (view.status === "missing") why = "not in the store: run ursa plugin install --frozen";
  } else if (running?.state === "disabled") {
    state = "failed";
    why = running.lastProblem;
  } else {
    state = running?.state === "running" || running?.state === "starting" ? "running" : "idle";
    why = running?.lastProblem ?? null;
  }
  if (view.status === "unsandboxed" && running?.state === "disabled") why = running.lastProblem;
  return {
    id: view.id, version: view.version, scope: view.scope, kind: view.kind, state, why,
    permissions: view.granted ? describePermissions(view.granted, secrets).map((l) => ({ text: l.text, flagged: isFlagged(l) })) : [],
    tools: view.status === "unsandboxed" ? (running?.tools ?? []) : view.tools,
    denied: view.deniedAttempts, lastDenied: view.lastDenied,
  };
}
