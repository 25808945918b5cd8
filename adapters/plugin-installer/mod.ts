/**
 * How a third-party plugin gets onto the machine: spec resolution (npm as configured, ./dir,
 * ./file.tgz, https URL), integrity, safe unpacking, package checks, tool-name clashes, the
 * consent screen, the lockfile and the store. How it runs is adapters/plugin-sandbox.
 */
export { parsePluginSpec, PluginSpecError, type PluginSource } from "./spec.ts";
export { preparePlugins, commitPlugins, discardAll, findAlreadyInstalled, alreadyInstalledLine, grantsBeyondInstalled } from "./install.ts";
export { consentSubject, renderConsent, type ConsentSubject } from "./consent-screen.ts";
export { listInstalledPlugins, type InstalledPluginView, type PluginStatus } from "./installed-plugins.ts";
export { removePlugin, setPluginEnabled } from "./manage-plugins.ts";
export { verifyPlugins, type VerifyResult } from "./verify-plugins.ts";
export { installFrozen, type FrozenResult } from "./frozen-install.ts";
export { planUpdates, type UpdatePlan } from "./update-plugins.ts";
export { describePermissions, isFlagged } from "./permission-words.ts";
export { lockfilePath, readLockfile, type LockedPlugin, type Lockfile } from "./lockfile.ts";
export { storeDir } from "./plugin-store.ts";
export type { InstallerEnv, PluginScope } from "./plugin-scopes.ts";
export type { PreparedPlugin } from "./prepare-plugin.ts";
export type { TakenName } from "./tool-clash.ts";
export type { PluginSandbox, PluginPermissions, ToolSummary } from "./sandbox-port.ts";
