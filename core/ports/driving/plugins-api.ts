import { token, type Token } from "../token.ts";

/**
 * How a plugin stands while Ursa runs: "running" (its child is up), "idle" (not started yet,
 * or stopped), "disabled" by the user, "failed" (disabled after repeated crashes until Ursa
 * restarts), "modified" (files changed on disk since install: not loaded), "missing" (in the
 * lockfile, not in the store), "unsandboxed" (a developer-mode file: Ursa's full authority).
 */
export type PluginState = "running" | "idle" | "disabled" | "failed" | "modified" | "missing" | "unsandboxed";

/** One row of the dashboard's plugins view. */
export interface PluginInfo {
  readonly id: string;
  readonly version: string | null;
  readonly scope: "user" | "project" | "developer";
  readonly kind: "tool" | "mcp" | null;
  readonly state: PluginState;
  /** Why it failed or is not loaded, or the last crash of a plugin that will be restarted; null when all is well. */
  readonly why: string | null;
  /**
   * What it was granted, one plain sentence each ("read files in the open project"); `flagged`
   * for a grant worth a second look (full access, the home folder, one of Ursa's secrets), as the
   * consent screen marks it.
   */
  readonly permissions: readonly { readonly text: string; readonly flagged: boolean }[];
  readonly tools: readonly string[];
  /** Calls the sandbox refused, across Ursa processes; null when not counted (developer mode). */
  readonly denied: number | null;
  readonly lastDenied: string | null;
}

/** Plugins downloaded and checked, waiting for the user's yes: the consent screen's text. */
export interface PendingInstall {
  /** What is to be installed; empty when every spec is installed exactly so already. */
  readonly ids: readonly string[];
  /**
   * One line per spec installed already with the same version, bytes and grants ("already
   * installed: name@version (plugin id, for you)"): not asked about again, not in `ids`.
   */
  readonly alreadyInstalled: readonly string[];
  /** The same screen `ursa plugin add` prints, as plain text. */
  readonly consent: string;
  /** Installs them and offers their tools from the next turn on; resolves to one line per plugin. */
  install(signal: AbortSignal): Promise<readonly string[]>;
  /** Nothing is installed; the staged downloads are removed. */
  discard(): Promise<void>;
}

/**
 * Third-party plugins while Ursa runs (the dashboard's plugins view and `/plugin`): the same
 * lockfiles and store as `ursa plugin`, and the running process's view of each child.
 */
export interface PluginsApi {
  list(signal: AbortSignal): Promise<readonly PluginInfo[]>;
  /** Downloads and checks the specs (npm:…, ./dir, ./file.tgz, https://…) for the consent screen. */
  inspect(specs: readonly string[], signal: AbortSignal): Promise<PendingInstall>;
  /** Each resolves to one line saying what was done. */
  enable(id: string, signal: AbortSignal): Promise<string>;
  disable(id: string, signal: AbortSignal): Promise<string>;
  remove(id: string, signal: AbortSignal): Promise<string>;
  /** Called when a plugin was installed, changed, or failed. */
  onChange(listener: () => void): () => void;
}

export const PLUGINS_API: Token<PluginsApi> = token("plugins-api");
