import { UsageError } from "./cli-args.ts";

export const PLUGIN_HELP = `ursa plugin — install third-party plugins that run in a sandbox

Usage:
  ursa plugin add <spec>… [--yes] [--project]   show one consent screen, then install
      spec: npm:<name>[@version|@range]   from the registry npm is configured with
            ./dir                         a plugin folder, packed as npm pack would
            ./file.tgz                    a packed plugin
            https://…/file.tgz            a tarball on the web (#sha512-… pins its hash)
      --yes, -y                  accept without asking (scripts, CI)
      --project                  record it in this project's .ursa/plugins.lock.json
  ursa plugin info <spec>        the consent screen only; installs nothing
  ursa plugin list [--json]      id, version, tools, granted permissions, status, integrity,
                                 denied attempts
  ursa plugin update <id>…|--all [--yes]   never automatic; asks again when permissions grow
  ursa plugin remove <id>        uninstall (its private data folder is kept)
  ursa plugin enable <id>
  ursa plugin disable <id>
  ursa plugin verify             re-hash installed files against the lockfile
  ursa plugin install --frozen [--yes]   install exactly what the lockfiles say (a new machine,
                                 CI); a project's plugin not yet allowed on this machine gets
                                 the consent screen first (--yes accepts without asking)

remove, enable, disable and install take --project or --user to pick one lockfile.
Exit codes: 0 done, 1 failed or refused, 2 bad usage. See docs/plugins.md.
`;

export type PluginCommand =
  | { readonly kind: "help" }
  | { readonly kind: "add"; readonly specs: readonly string[]; readonly yes: boolean; readonly scope: "user" | "project" | undefined }
  | { readonly kind: "info"; readonly specs: readonly string[] }
  | { readonly kind: "list"; readonly json: boolean }
  | { readonly kind: "update"; readonly ids: readonly string[] | "all"; readonly yes: boolean }
  | { readonly kind: "remove" | "enable" | "disable"; readonly id: string; readonly scope: "user" | "project" | undefined }
  | { readonly kind: "verify" }
  | { readonly kind: "install"; readonly scope: "user" | "project" | undefined; readonly yes: boolean };

/** Parses the words after `ursa plugin`; a mistake is a UsageError. */
export function parsePluginArgs(argv: readonly string[]): PluginCommand {
  const [sub, ...rest] = argv;
  const words = rest.filter((w) => !w.startsWith("-"));
  const flags = new Set(rest.filter((w) => w.startsWith("-")));
  const allow = (...known: string[]) => {
    for (const flag of flags) if (!known.includes(flag)) throw new UsageError(`${sub} does not take ${flag}`);
  };
  const scope = () => {
    if (flags.has("--project") && flags.has("--user")) throw new UsageError("use either --project or --user, not both");
    return flags.has("--project") ? "project" : flags.has("--user") ? "user" : undefined;
  };
  switch (sub) {
    case undefined:
      throw new UsageError("missing subcommand: add, info, list, update, remove, enable, disable, verify or install");
    case "help":
    case "--help":
    case "-h":
      return { kind: "help" };
    case "add":
      allow("--yes", "-y", "--project");
      if (words.length === 0) throw new UsageError("add needs at least one spec: npm:<name>[@version], ./dir, ./file.tgz or https://…/file.tgz");
      return { kind: "add", specs: words, yes: flags.has("--yes") || flags.has("-y"), scope: scope() };
    case "info":
      allow();
      if (words.length === 0) throw new UsageError("info needs a spec: npm:<name>[@version], ./dir, ./file.tgz or https://…/file.tgz");
      return { kind: "info", specs: words };
    case "list":
    case "ls":
      allow("--json");
      none(words, sub);
      return { kind: "list", json: flags.has("--json") };
    case "update":
      allow("--all", "--yes", "-y");
      if (flags.has("--all") && words.length > 0) throw new UsageError("use either plugin ids or --all, not both");
      if (!flags.has("--all") && words.length === 0) throw new UsageError("update needs the plugin ids to update, or --all");
      return { kind: "update", ids: flags.has("--all") ? "all" : words, yes: flags.has("--yes") || flags.has("-y") };
    case "remove":
    case "rm":
    case "enable":
    case "disable":
      allow("--project", "--user");
      if (words.length !== 1) throw new UsageError(`${sub} takes exactly one plugin id`);
      return { kind: sub === "rm" ? "remove" : sub, id: words[0]!, scope: scope() };
    case "verify":
      allow();
      none(words, sub);
      return { kind: "verify" };
    case "install":
      allow("--frozen", "--project", "--user", "--yes", "-y");
      none(words, sub);
      if (!flags.has("--frozen")) throw new UsageError("install takes --frozen (exactly what the lockfile says); to install a new plugin use ursa plugin add <spec>");
      return { kind: "install", scope: scope(), yes: flags.has("--yes") || flags.has("-y") };
    default:
      throw new UsageError(`unknown subcommand "${sub}"; use add, info, list, update, remove, enable, disable, verify or install`);
  }
}

function none(words: readonly string[], sub: string): void {
  if (words.length > 0) throw new UsageError(`${sub} takes no arguments (got "${words[0]}")`);
}
