import type { PluginPermissions, SandboxRuntime } from "./sandbox-port.ts";
import { canSendFilesOut, describePermissions, isEmptyPermissions } from "./permission-words.ts";
import type { PreparedPlugin } from "./prepare-plugin.ts";

export interface ConsentOptions {
  readonly runtime: SandboxRuntime;
  /** Bold/yellow highlights for a terminal; plain text keeps the "!" markers. */
  readonly color: boolean;
  /** For `update`: what each plugin asks for beyond what was granted before, by id. */
  readonly added?: ReadonlyMap<string, PluginPermissions>;
}

/**
 * The one screen a user reads before plugins are installed (`info`, `add`, `update` when
 * permissions grow): what the package is, where it comes from, its hash, its tools, each
 * permission in plain words with home paths and full access flagged, and who enforces what.
 */
export function renderConsent(plugins: readonly PreparedPlugin[], options: ConsentOptions): string {
  const warn = (text: string) => (options.color ? `\x1b[1;33m${text}\x1b[0m` : text);
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const plugin of plugins) {
    const { pkg } = plugin;
    out.push(bold(`${pkg.name} ${pkg.version} (plugin ${plugin.id}, ${pkg.manifest.kind === "mcp" ? "MCP server" : "tool plugin"})`));
    out.push(`  from       ${plugin.resolved}`);
    out.push(`  integrity  ${plugin.integrity}`);
    const scripts = pkg.installScripts.length > 0 ? `its ${pkg.installScripts.join(", ")} script${pkg.installScripts.length === 1 ? " is" : "s are"} NOT run` : "no scripts run";
    out.push(`  size       ${formatSize(plugin.tarballBytes)}, ${plugin.fileCount} file${plugin.fileCount === 1 ? "" : "s"}, no dependencies, ${scripts}`);
    out.push(`  tools      ${plugin.tools.length > 0 ? plugin.tools.map((t) => t.name).join(", ") : "none"}`);
    const permissions = pkg.manifest.permissions;
    const added = options.added?.get(plugin.id);
    if (isEmptyPermissions(permissions)) {
      out.push("  it asks    nothing: no files, network, environment or commands");
    } else {
      out.push("  it may");
      const grown = added ? new Set(describePermissions(added).map((l) => l.text)) : new Set<string>();
      for (const line of describePermissions(permissions)) {
        const marker = line.fullAccess || line.home ? "!" : "-";
        const text = `    ${marker} ${line.text}${grown.has(line.text) ? "   (NEW: not granted before)" : ""}`;
        out.push(line.fullAccess || line.home || grown.has(line.text) ? warn(text) : text);
      }
    }
    if (canSendFilesOut(permissions)) out.push(warn("  ! It can read files AND reach the network: it could send your files out."));
  }
  out.push(`Enforced by (${options.runtime.kind} runs the plugin; see docs/plugin-sandbox.md):`);
  for (const line of options.runtime.enforcement) out.push(`  ${line}`);
  return `${out.join("\n")}\n`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
