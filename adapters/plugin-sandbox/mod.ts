/**
 * Running third-party plugins in a sandbox: one child process per plugin with almost no
 * authority, its `ctx` served by a broker that checks every call against the user's grants.
 * The installer (`ursa plugin …`) uses parseManifest, chooseRuntime and probePlugin.
 */
export { noPermissions, parseManifest, PluginManifestError, type PluginKind, type PluginManifest, type PluginPermissions } from "../../core/domain/plugin-manifest.ts";
export { chooseRuntime, type SandboxRuntime } from "./runtime.ts";
export { probePlugin } from "./probe.ts";
export type { ToolSummary } from "./tool-summary.ts";
export { readInstalledPlugins, type InstalledSet } from "./installed.ts";
export { developerId, PluginSandboxHost } from "./sandbox-host.ts";
export { DEFAULT_LIMITS, type InstalledPlugin, type PluginStatus, type SandboxLimits } from "./sandboxed-plugin.ts";
export { readDeniedAttempts, type DeniedAttempts } from "./denied-attempts.ts";
