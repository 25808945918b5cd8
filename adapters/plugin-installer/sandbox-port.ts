/**
 * What the installer needs from the plugin sandbox (adapters/plugin-sandbox), which the
 * composition root passes in: adapters do not import each other. The shapes match the
 * sandbox's exports (parseManifest, probePlugin, chooseRuntime) structurally; the manifest's
 * shape is core's (core/domain/plugin-manifest.ts), which both adapters read.
 */
export type { PluginKind, PluginManifest, PluginPermissions } from "../../core/domain/plugin-manifest.ts";
import type { PluginManifest } from "../../core/domain/plugin-manifest.ts";

export interface ToolSummary {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Which runtime runs plugin children, and one line per grant kind saying who enforces it. */
export interface SandboxRuntime {
  kind: "deno" | "node";
  command: string;
  enforcement: string[];
}

export interface PluginSandbox {
  /** Reads and checks the "ursa" key of a package.json value; throws a one-line error when it is not a plugin. */
  parseManifest(pkg: unknown): PluginManifest;
  /** Starts the plugin with no grants, activates it, returns its id, version and tools, and stops it. */
  probePlugin(input: { dir: string; manifest: PluginManifest; signal: AbortSignal }): Promise<{ id: string; version: string; tools: ToolSummary[] }>;
  chooseRuntime(env: Record<string, string | undefined>): SandboxRuntime;
}
