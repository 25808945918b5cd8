import { homedir, tmpdir } from "node:os";
import { resolve } from "node:path";
import {
  alreadyInstalledLine, commitPlugins, consentSubject, describePermissions, discardAll, findAlreadyInstalled, grantsBeyondInstalled, installFrozen, listInstalledPlugins, parsePluginSpec, planUpdates,
  preparePlugins, PluginSpecError, removePlugin, renderConsent, setPluginEnabled, verifyPlugins, type ConsentSubject, type InstalledPluginView, type InstallerEnv, type PluginPermissions, type PluginScope, type PreparedPlugin,
} from "../plugin-installer/mod.ts";
import { printableLine } from "../../core/domain/terminal-text.ts";
import { describeSecretVariables } from "./child-env.ts";
import { UsageError } from "./cli-args.ts";
import { readKeysFile } from "./keys-file.ts";
import { installerEnv } from "./plugin-installer-env.ts";
import { parsePluginArgs, PLUGIN_HELP, type PluginCommand } from "./plugin-args.ts";

export interface PluginIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Where a yes/no answer is read; null when there is no terminal to ask on. */
  readonly terminal: { readonly input: NodeJS.ReadableStream; readonly color: boolean } | null;
}

/** `ursa plugin …`: exit code 0 done, 1 failed or refused, 2 bad usage. */
export async function runPluginCommand(argv: readonly string[], io: PluginIo): Promise<number> {
  let command: PluginCommand;
  try {
    command = parsePluginArgs(argv);
    if (command.kind === "add" || command.kind === "info") for (const spec of command.specs) parsePluginSpec(spec, io.cwd, homedir());
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof PluginSpecError)) throw error;
    io.err.write(`ursa plugin: ${error.message}\nRun ursa plugin --help for usage.\n`);
    return 2;
  }
  if (command.kind === "help") {
    io.out.write(PLUGIN_HELP);
    return 0;
  }
  // Ctrl-C aborts downloads and the probe; the staging folders are removed on the way out.
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", interrupt);
  const env = installerEnv({ env: io.env, cwd: io.cwd, signal: controller.signal });
  try {
    return await execute(command, env, io);
  } catch (error) {
    if (controller.signal.aborted) {
      io.err.write("ursa plugin: interrupted; nothing more was changed\n");
      return 130;
    }
    // A refusal may quote the package (its name, a path it asks for): printed as text only.
    io.err.write(`ursa plugin: ${printableLine((error as Error).message)}\n`);
    return 1;
  } finally {
    process.off("SIGINT", interrupt);
  }
}

async function execute(command: Exclude<PluginCommand, { kind: "help" }>, env: InstallerEnv, io: PluginIo): Promise<number> {
  switch (command.kind) {
    case "add":
      return add(command.specs, command.yes ? "yes" : "ask", command.scope ?? "user", env, io);
    case "info":
      return add(command.specs, "info", "user", env, io);
    case "list":
      return list(command.json, env, io);
    case "update":
      return update(command.ids, command.yes, env, io);
    case "remove": {
      const { scope, entry } = await removePlugin(command.id, command.scope, env);
      io.out.write(`Removed ${entry.id} ${entry.version} (${scopeWords(scope)}). Its private data, if any, is kept in ${resolve(env.dataDir, "plugin-data", entry.id)}.\n`);
      return 0;
    }
    case "enable":
    case "disable": {
      const { scope, entry } = await setPluginEnabled(command.id, command.kind === "enable", command.scope, env);
      io.out.write(`${command.kind === "enable" ? "Enabled" : "Disabled"} ${entry.id} ${entry.version} (${scopeWords(scope)}); sessions started from now on ${command.kind === "enable" ? "offer" : "leave out"} its tools.\n`);
      return 0;
    }
    case "verify":
      return verify(env, io);
    case "install":
      return installLocked(command.scope ? [command.scope] : ["user", "project"], command.yes, env, io);
  }
}

/**
 * `install --frozen`: what the lockfiles say. A project plugin this machine has not allowed
 * (its lockfile came with the repository) gets the consent screen `add` shows and the same
 * question; without a terminal it is refused unless `--yes` was given. The others install.
 */
async function installLocked(scopes: readonly PluginScope[], yes: boolean, env: InstallerEnv, io: PluginIo): Promise<number> {
  const unasked: string[] = [];
  const allow = async (plugin: ConsentSubject): Promise<boolean> => {
    io.out.write(`The project's lockfile pins ${plugin.id} ${plugin.version}, which was not allowed on this machine:\n`);
    io.out.write(await consentScreen([plugin], env, io));
    if (yes) return true;
    if (!io.terminal) {
      unasked.push(`${plugin.id} ${plugin.version}`);
      return false;
    }
    return confirm("Install this plugin and grant what it asks in this project? [y/N] ", io, env.signal);
  };
  const results = await installFrozen(scopes, env, allow);
  for (const r of results) io.out.write(`${r.action} ${r.id} ${r.version} (${scopeWords(r.scope)})\n`);
  if (results.length === 0) io.out.write("The lockfiles list no plugins; nothing to install.\n");
  if (unasked.length > 0) {
    io.err.write(`ursa plugin: not allowed: ${unasked.join(", ")} from the project's lockfile need${unasked.length === 1 ? "s" : ""} your consent and there is no terminal to ask on; read what ${unasked.length === 1 ? "it asks" : "they ask"} above, then run ursa plugin install --frozen --yes to allow ${unasked.length === 1 ? "it" : "them"}\n`);
  }
  return results.some((r) => r.action === "not allowed") ? 1 : 0;
}

async function add(specs: readonly string[], mode: "info" | "yes" | "ask", scope: PluginScope, env: InstallerEnv, io: PluginIo): Promise<number> {
  // Refuse before downloading anything when the answer could never be given.
  if (mode === "ask" && !io.terminal) {
    io.err.write("ursa plugin: refusing to install without consent: there is no terminal to ask on; read the consent screen with ursa plugin info <spec>, then run add again with --yes\n");
    return 1;
  }
  // `info` stages in the temp directory: it must leave the data directory as it was.
  const all = await preparePlugins(specs, scope, env, mode === "info" ? { stageIn: tmpdir() } : {});
  try {
    // Exactly what is installed already (same bytes, same grants) is not asked about again.
    const current = mode === "info" ? new Set<PreparedPlugin>() : await findAlreadyInstalled(all, scope, env);
    for (const plugin of current) io.out.write(`${alreadyInstalledLine(plugin, scope)}\n`);
    const prepared = all.filter((plugin) => !current.has(plugin));
    if (prepared.length === 0) return 0;
    io.out.write(await consentScreen(prepared.map(consentSubject), env, io, await grantsBeyondInstalled(prepared, scope, env)));
    if (mode === "info") {
      io.out.write(`Nothing was installed. To install: ursa plugin add ${specs.join(" ")}\n`);
      return 0;
    }
    const question = `Install ${prepared.length === 1 ? "this plugin and grant what it asks" : `these ${prepared.length} plugins and grant what they ask`}${scope === "project" ? " in this project" : ""}? [y/N] `;
    if (mode === "ask" && !(await confirm(question, io, env.signal))) {
      io.out.write("Nothing was installed.\n");
      return 1;
    }
    const entries = await commitPlugins(prepared, scope, env);
    for (const e of entries) io.out.write(`Installed ${e.id} ${e.version} (${scopeWords(scope)}): ${e.tools.length} tool${e.tools.length === 1 ? "" : "s"}${e.tools.length > 0 ? ` (${e.tools.map((t) => t.name).join(", ")})` : ""}.\n`);
    return 0;
  } finally {
    await discardAll(all);
  }
}

async function update(ids: readonly string[] | "all", yes: boolean, env: InstallerEnv, io: PluginIo): Promise<number> {
  const plans = await planUpdates(ids, env);
  const updates = plans.flatMap((p) => (p.kind === "update" ? [p] : []));
  try {
    for (const plan of plans) if (plan.kind === "current") io.out.write(`${plan.installed.entry.id} ${plan.installed.entry.version} is up to date.\n`);
    if (updates.length === 0) return 0;
    const asking = updates.filter((u) => u.needsConsent);
    if (asking.length > 0) {
      io.out.write(`${asking.map((u) => `${u.installed.entry.id} ${u.installed.entry.version} → ${u.prepared.pkg.version}`).join(", ")} ask${asking.length === 1 ? "s" : ""} for more than you granted:\n`);
      io.out.write(await consentScreen(asking.map((u) => consentSubject(u.prepared)), env, io, new Map(asking.map((u) => [u.prepared.id, u.added]))));
      if (!yes) {
        if (!io.terminal) {
          io.err.write("ursa plugin: not updated: the new version asks for more permissions and there is no terminal to ask on; run update again with --yes to grant them\n");
          return 1;
        }
        if (!(await confirm("Update and grant the new permissions? [y/N] ", io, env.signal))) {
          io.out.write("Nothing was updated.\n");
          return 1;
        }
      }
    }
    for (const scope of ["user", "project"] as const) {
      const inScope = updates.filter((u) => u.installed.scope === scope);
      if (inScope.length === 0) continue;
      for (const e of await commitPlugins(inScope.map((u) => u.prepared), scope, env, { keepEnabled: true })) {
        const old = inScope.find((u) => u.prepared.id === e.id)!.installed.entry;
        io.out.write(`Updated ${e.id} ${old.version} → ${e.version} (${scopeWords(scope)})${e.enabled ? "" : "; it stays disabled"}.\n`);
      }
    }
    return 0;
  } finally {
    await discardAll(updates.map((u) => u.prepared));
  }
}

async function list(json: boolean, env: InstallerEnv, io: PluginIo): Promise<number> {
  const { readDeniedAttempts } = await import("../plugin-sandbox/mod.ts");
  const plugins = await listInstalledPlugins(env, await readDeniedAttempts(env.dataDir));
  if (json) {
    io.out.write(`${JSON.stringify(plugins.map(({ problems, ...view }) => ({ ...view, problems: problems.map((p) => `${p.path}: ${p.problem}`) })), null, 2)}\n`);
    return 0;
  }
  if (plugins.length === 0) {
    io.out.write("No plugins installed. Add one with: ursa plugin add npm:<package>\n");
    return 0;
  }
  const secrets = secretsOf(env);
  io.out.write(plugins.map((p) => describeRow(p, secrets)).join("\n") + "\n");
  return 0;
}

/** The consent screen for this terminal (or none): the runtime that will enforce it, Ursa's secrets flagged; `added` marks what is NEW. */
async function consentScreen(plugins: readonly ConsentSubject[], env: InstallerEnv, io: PluginIo, added?: ReadonlyMap<string, PluginPermissions>): Promise<string> {
  return renderConsent(plugins, { runtime: (await env.sandbox()).chooseRuntime({ ...io.env }), color: io.terminal?.color ?? false, secrets: secretsOf(env), ...(added ? { added } : {}) });
}

/** Ursa's secret variables in words, for flagging a plugin that may read one. */
function secretsOf(env: InstallerEnv): ReadonlyMap<string, string> {
  return describeSecretVariables(readKeysFile(env.dataDir).keys);
}

/** One plugin's lines; each is printed as text (a spec, a denied path may carry control characters). */
function describeRow(p: InstalledPluginView, secrets: ReadonlyMap<string, string>): string {
  if (p.status === "unsandboxed") return `${p.id}  UNSANDBOXED developer-mode plugin: runs with your full authority, no permissions checked (${p.spec})`;
  const lines = [`${p.id} ${p.version}${p.kind === "mcp" ? " (MCP server)" : ""}  ${p.status}  ${scopeWords(p.scope as PluginScope)}  tools: ${p.tools.join(", ") || "none"}  denied attempts: ${p.deniedAttempts ?? "unknown"}${p.lastDenied ? ` (last: ${p.lastDenied})` : ""}`];
  const granted = p.granted ? describePermissions(p.granted, secrets).map((l) => l.text) : [];
  lines.push(`    granted: ${granted.length > 0 ? granted.join("; ") : "nothing"}`);
  lines.push(`    ${p.integrity}`);
  if (p.status === "modified") lines.push("    files changed on disk since install: Ursa will not load it (ursa plugin verify explains)");
  if (p.status === "missing") lines.push("    not in the store: run ursa plugin install --frozen");
  return lines.map(printableLine).join("\n");
}

async function verify(env: InstallerEnv, io: PluginIo): Promise<number> {
  const results = await verifyPlugins(env);
  if (results.length === 0) {
    io.out.write("No plugins installed; nothing to verify.\n");
    return 0;
  }
  for (const r of results) {
    if (r.ok) io.out.write(`ok       ${r.id} ${r.version} (${scopeWords(r.scope)})\n`);
    else {
      io.out.write(`MODIFIED ${r.id} ${r.version} (${scopeWords(r.scope)}): Ursa will not load it\n`);
      // An explanation names files of the package: printed as text.
      for (const line of r.explanations) io.out.write(`    ${printableLine(line)}\n`);
      io.out.write(`    restore it from its tarball with: ursa plugin install --frozen${r.scope === "project" ? " --project" : ""}\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

async function confirm(question: string, io: PluginIo, signal: AbortSignal): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: io.terminal!.input, output: io.out as NodeJS.WritableStream, terminal: false });
  try {
    const answer = await rl.question(question, { signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

function scopeWords(scope: PluginScope): string {
  return scope === "user" ? "for you" : "in this project";
}

export { PLUGIN_HELP };
