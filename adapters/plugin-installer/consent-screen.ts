import { printableLine } from "../../core/domain/terminal-text.ts";
import type { PluginKind, PluginPermissions, SandboxRuntime } from "./sandbox-port.ts";
import { canSendFilesOut, describePermissions, isEmptyPermissions, isFlagged, type SecretVariables } from "./permission-words.ts";
import type { PreparedPlugin } from "./prepare-plugin.ts";

/** What the consent screen shows of one plugin: a download being added, or a lockfile entry `install --frozen` fetched. */
export interface ConsentSubject {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly kind: PluginKind;
  readonly resolved: string;
  readonly integrity: string;
  readonly tarballBytes: number;
  readonly fileCount: number;
  /** Lifecycle scripts the package declares (never run). */
  readonly installScripts: readonly string[];
  readonly tools: readonly { readonly name: string }[];
  /** What accepting grants. */
  readonly permissions: PluginPermissions;
}

/** A prepared download as the consent screen shows it: it grants what its manifest asks for. */
export function consentSubject(plugin: PreparedPlugin): ConsentSubject {
  const { pkg } = plugin;
  return {
    id: plugin.id, name: pkg.name, version: pkg.version, kind: pkg.manifest.kind, resolved: plugin.resolved, integrity: plugin.integrity,
    tarballBytes: plugin.tarballBytes, fileCount: plugin.fileCount, installScripts: pkg.installScripts, tools: plugin.tools, permissions: pkg.manifest.permissions,
  };
}

export interface ConsentOptions {
  readonly runtime: SandboxRuntime;
  /** Bold/yellow highlights for a terminal; plain text keeps the "!" markers. */
  readonly color: boolean;
  /** For `update`, and `add` of another version: what each plugin asks for beyond what was granted before, by id. */
  readonly added?: ReadonlyMap<string, PluginPermissions>;
  /** Variables holding Ursa's secrets: a grant of one is flagged with what it holds. */
  readonly secrets?: SecretVariables;
}

/**
 * The one screen a user reads before plugins are installed (`info`, `add`, `update` when
 * permissions grow, `install --frozen` of a project's plugin not yet allowed here): what the package is, where it comes from, its hash, its tools, each
 * permission in plain words with home paths, secrets and full access flagged, and who enforces
 * what. The package chooses its name and paths: every line is printed as text, its control
 * characters removed, so a package cannot move the cursor or clear lines to hide its grants.
 */
export function renderConsent(plugins: readonly ConsentSubject[], options: ConsentOptions): string {
  const warn = (text: string) => (options.color ? `\x1b[1;33m${text}\x1b[0m` : text);
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const out: string[] = [];
  const line = (text: string, style?: (text: string) => string) => out.push(style ? style(printableLine(text)) : printableLine(text));
  for (const plugin of plugins) {
    line(`${plugin.name} ${plugin.version} (plugin ${plugin.id}, ${plugin.kind === "mcp" ? "MCP server" : "tool plugin"})`, bold);
    line(`  from       ${plugin.resolved}`);
    line(`  integrity  ${plugin.integrity}`);
    const scripts = plugin.installScripts.length > 0 ? `its ${plugin.installScripts.join(", ")} script${plugin.installScripts.length === 1 ? " is" : "s are"} NOT run` : "no scripts run";
    line(`  size       ${formatSize(plugin.tarballBytes)}, ${plugin.fileCount} file${plugin.fileCount === 1 ? "" : "s"}, no dependencies, ${scripts}`);
    line(`  tools      ${plugin.tools.length > 0 ? plugin.tools.map((t) => t.name).join(", ") : "none"}`);
    const permissions = plugin.permissions;
    const added = options.added?.get(plugin.id);
    if (isEmptyPermissions(permissions)) {
      line("  it asks    nothing: no files, network, environment or commands");
    } else {
      line("  it may");
      const grown = added ? new Set(describePermissions(added, options.secrets).map((l) => l.text)) : new Set<string>();
      for (const permission of describePermissions(permissions, options.secrets)) {
        const flagged = isFlagged(permission);
        const isNew = grown.has(permission.text);
        line(`    ${flagged ? "!" : "-"} ${permission.text}${isNew ? "   (NEW: not granted before)" : ""}`, flagged || isNew ? warn : undefined);
      }
    }
    if (canSendFilesOut(permissions)) line("  ! It can read files AND reach the network: it could send your files out.", warn);
  }
  line(`Enforced by (${options.runtime.kind} runs the plugin; see docs/plugin-sandbox.md):`);
  for (const enforcement of options.runtime.enforcement) line(`  ${enforcement}`);
  return `${out.join("\n")}\n`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
