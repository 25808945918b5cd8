import { hasLong, hasShort, operands, optionValue } from "./args.ts";
import { containerCommand, podCommand } from "./elsewhere.ts";
import { worst, type ArgsRule, type Rule, type RuleContext, type ShellEffect } from "./rule.ts";

/**
 * Developer tools with subcommands: read-only inspection, ordinary changes, and the few that
 * delete or publish (which cannot be taken back): docker/podman, package managers, gh,
 * kubectl, terraform.
 */

/** A rule from the first operands: `read` lists read-only subcommand paths, `destroy` destructive ones ("system prune"). */
function subcommands(table: { readonly read: readonly string[]; readonly destroy: readonly string[] }, withValue: readonly string[] = []): ArgsRule {
  return {
    args(ctx) {
      const path = operands(ctx.texts, withValue);
      const matches = (entries: readonly string[]) => entries.some((e) => e.split(" ").every((part, i) => path[i] === part));
      if (matches(table.destroy)) return "destructive";
      return path.length === 0 || matches(table.read) ? "read_only" : "local_mutation";
    },
  };
}

const CONTAINER_READ = [
  "ps", "images", "logs", "inspect", "version", "info", "top", "port", "diff", "history", "search", "events",
  "image ls", "image list", "image inspect", "image history", "container ls", "container list", "container inspect", "container logs",
  "volume ls", "volume inspect", "network ls", "network inspect", "system df", "system info", "context ls", "context show",
  "compose ps", "compose logs", "compose config", "compose ls", "compose images", "compose top", "compose version", "buildx ls",
];
const CONTAINER_DESTROY = [
  "rm", "rmi", "kill", "system prune", "image prune", "image rm", "container prune", "container rm", "container kill",
  "volume rm", "volume prune", "network rm", "network prune", "builder prune", "buildx prune", "compose rm", "compose kill",
];
const CONTAINER_OPTIONS = ["-H", "--host", "--context", "-c", "--config", "-l", "--log-level"];
const containers = subcommands({ read: CONTAINER_READ, destroy: CONTAINER_DESTROY }, CONTAINER_OPTIONS);

/** `docker compose down -v` also deletes the volumes (the data); `run`/`exec` are judged by what they run. */
const docker: Rule = {
  args(ctx) {
    const path = operands(ctx.texts);
    const composeDown = path[0] === "down" || (path[0] === "compose" && path[1] === "down");
    if (composeDown && (hasShort(ctx.texts, "v") || hasLong(ctx.texts, "--volumes", "--rmi"))) return "destructive";
    return containerCommand(ctx, CONTAINER_OPTIONS) ?? containers.args(ctx);
  },
};

/** Package managers: publishing cannot be taken back; inspection is read-only. */
const PACKAGE_OPTIONS = ["--prefix", "-C", "--cwd", "--filter", "-F", "-w", "--workspace"];
const packages = subcommands(
  { read: ["ls", "list", "la", "ll", "view", "v", "info", "show", "outdated", "root", "prefix", "bin", "whoami", "help", "search", "explain", "why", "ping", "doctor", "audit", "config get", "config list", "get"], destroy: [] },
  PACKAGE_OPTIONS,
);
const packageManager: ArgsRule = {
  args(ctx) {
    const path = operands(ctx.texts, PACKAGE_OPTIONS);
    if (path.slice(0, 2).some((p) => p === "publish" || p === "unpublish")) return hasLong(ctx.texts, "--dry-run") ? "local_mutation" : "destructive";
    return path[0] === "audit" && path[1] === "fix" ? "local_mutation" : packages.args(ctx);
  },
};
/** `yarn` alone installs. */
const yarn: Rule = { args: (ctx) => packageWrites(ctx, operands(ctx.texts, PACKAGE_OPTIONS).length === 0 ? "local_mutation" : packageManager.args(ctx)) };

/**
 * Where a changing package manager command writes besides the project: the user's `~/.npmrc`
 * (`npm config set`, `npm set`), the global prefix (`-g`, `--global`: a place only the
 * machine's configuration knows), or the directory of `--prefix`/`-C`/`--cwd`.
 */
function packageWrites(ctx: RuleContext, effect: ShellEffect): ShellEffect {
  if (effect === "read_only") return effect;
  const texts = ctx.texts;
  const path = operands(texts, PACKAGE_OPTIONS);
  const writes: ShellEffect[] = [];
  const location = optionValue(texts, "--location");
  const global = hasShort(texts, "g") || hasLong(texts, "--global") || location === "global" || path[0] === "global";
  if ((path[0] === "config" && ["set", "delete", "edit", "fix"].includes(path[1] ?? "")) || path[0] === "set") {
    const userconfig = optionValue(texts, "--userconfig");
    writes.push(ctx.write(global ? null : location === "project" ? ".npmrc" : (userconfig ?? "~/.npmrc")));
  } else if (global) writes.push(ctx.write(null));
  const prefix = optionValue(texts, "--prefix", "-C", "--cwd", "--dir");
  if (prefix !== undefined) writes.push(ctx.write(prefix));
  return worst(effect, ...writes);
}

const packageManagerWrites: Rule = { args: (ctx) => packageWrites(ctx, packageManager.args(ctx)) };

const cargo = subcommands({ read: ["tree", "metadata", "search", "pkgid", "locate-project", "verify-project", "version", "help"], destroy: ["publish", "yank", "owner"] });
const pip = subcommands({ read: ["list", "show", "freeze", "check", "index", "help", "inspect", "debug"], destroy: [] });
const KUBECTL_OPTIONS = ["-n", "--namespace", "--context", "--kubeconfig", "-l", "--selector", "-o", "--output", "-c", "--container"];
const kubectlTable = subcommands({
  read: ["get", "describe", "logs", "explain", "version", "api-resources", "api-versions", "cluster-info", "top", "diff", "config view", "config get-contexts", "config current-context", "auth can-i"],
  destroy: ["delete", "drain"],
}, KUBECTL_OPTIONS);
const POD_COMMANDS = new Set(["exec", "run", "debug"]);
const kubectl: Rule = { args: (ctx) => (POD_COMMANDS.has(operands(ctx.texts, KUBECTL_OPTIONS)[0] ?? "") ? podCommand(ctx) : kubectlTable.args(ctx)) };
const terraform = subcommands({
  read: ["plan", "show", "validate", "output", "version", "providers", "graph", "state list", "state show"],
  destroy: ["destroy", "state rm"],
});

/** gh: koda's list: merges, deletions, `gh api` (any method) and credential commands are destructive. */
const GH_READ_GROUPS = new Set(["issue", "pr", "repo", "release", "run", "workflow", "gist", "label", "cache", "secret", "variable", "ruleset", "project", "codespace"]);
const gh: Rule = {
  args(ctx) {
    const [group, action] = operands(ctx.texts, ["-R", "--repo"]);
    if (group === undefined || group === "status" || group === "search" || group === "browse") return "read_only";
    if (group === "api" || action === "delete" || (group === "pr" && action === "merge")) return "destructive";
    if (group === "auth") return action === "status" || action === "list" ? "read_only" : "destructive";
    if (GH_READ_GROUPS.has(group) && ["list", "view", "status", "diff", "checks"].includes(action ?? "")) return "read_only";
    return "local_mutation";
  },
};

export const TOOL_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ["docker", docker],
  ["podman", docker],
  ["docker-compose", docker],
  ["npm", packageManagerWrites],
  ["pnpm", packageManagerWrites],
  ["yarn", yarn],
  ["cargo", cargo],
  ["pip", pip],
  ["pip3", pip],
  ["kubectl", kubectl],
  ["terraform", terraform],
  ["tofu", terraform],
  ["gh", gh],
];
