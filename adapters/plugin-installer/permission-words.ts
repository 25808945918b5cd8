import { printableLine } from "../../core/domain/terminal-text.ts";
import type { PluginPermissions } from "./sandbox-port.ts";

/**
 * One thing a plugin may do, in words a user can judge; `home` marks grants in the home folder,
 * `outside` an absolute path (outside the project and the plugin's own folder: anywhere on the
 * machine), `secret` a variable holding one of Ursa's secrets.
 */
export interface PermissionLine {
  readonly text: string;
  readonly home: boolean;
  readonly outside: boolean;
  readonly fullAccess: boolean;
  readonly secret: boolean;
}

/** The lines marked `!` on the consent screen and flagged in the dashboard: they deserve a second look. */
export function isFlagged(line: PermissionLine): boolean {
  return line.home || line.outside || line.fullAccess || line.secret;
}

/**
 * Places outside any home folder that hold the machine's secrets, with what they hold: a grant
 * of one, of a folder holding one (`/etc`), or of something inside one (`/proc/1/environ`) says so.
 */
const SYSTEM_SECRETS: readonly (readonly [string, string])[] = [
  ["/etc/shadow", "the system's password hashes"],
  ["/etc/gshadow", "the system's group password hashes"],
  ["/etc/master.passwd", "the system's password hashes"],
  ["/etc/sudoers", "who may act as root"],
  ["/etc/sudoers.d", "who may act as root"],
  ["/etc/ssh", "this machine's SSH host keys"],
  ["/root", "the administrator's home folder"],
  ["/home", "every user's home folder"],
  ["/Users", "every user's home folder"],
  ["/proc", "running programs' environment variables and memory"],
  ["/var/run/docker.sock", "control of Docker (root on this machine)"],
  ["/run/docker.sock", "control of Docker (root on this machine)"],
];

function systemSecretsAt(grant: string): string[] {
  const held = SYSTEM_SECRETS.filter(([path]) => path === grant || path.startsWith(`${grant}/`) || grant.startsWith(`${path}/`)).map(([, words]) => words);
  return [...new Set(held)];
}

/** The variables that hold a secret (a provider key, the sync token), each with what it is in words: "your Anthropic API key". */
export type SecretVariables = ReadonlyMap<string, string>;

/**
 * Says each permission in plain words, one line per grant: paths one by one (as printable text:
 * a path is the package's to choose), home and absolute paths flagged (an absolute one naming
 * the system secrets it reaches), each secret variable named for what it holds.
 */
export function describePermissions(p: PluginPermissions, secrets: SecretVariables = new Map()): PermissionLine[] {
  const lines: PermissionLine[] = [];
  const plain = { home: false, outside: false, fullAccess: false, secret: false };
  const path = (verb: string, raw: string): PermissionLine => {
    const grant = printableLine(raw);
    if (grant === "${project}") return { ...plain, text: `${verb} files in the open project` };
    if (grant.startsWith("${project}/")) return { ...plain, text: `${verb} ${grant.slice("${project}/".length)} in the open project` };
    if (grant === "${pluginData}" || grant.startsWith("${pluginData}/")) return { ...plain, text: `${verb} its own private folder${grant.length > "${pluginData}".length ? ` (${grant.slice("${pluginData}/".length)})` : ""}` };
    if (grant.startsWith("~/") || grant === "~") return { ...plain, text: `${verb} ${grant} in your home folder`, home: true };
    // The manifest allows only these forms and absolute paths: anything else is anywhere on the machine.
    if (grant === "/") return { ...plain, text: `${verb} every file on this computer (/)`, outside: true };
    const held = systemSecretsAt(grant);
    return { ...plain, text: `${verb} ${grant} outside the project${held.length > 0 ? `: ${held.join(", ")}` : ""}`, outside: true };
  };
  for (const grant of p.fs.read) lines.push(path("read", grant));
  for (const grant of p.fs.write) lines.push(path("write", grant));
  if (p.net.length > 0) lines.push({ ...plain, text: `connect to ${p.net.join(", ")}` });
  for (const name of p.env) {
    const what = secrets.get(name);
    if (what !== undefined) lines.push({ ...plain, text: `read ${what} (${name})`, secret: true });
  }
  const ordinary = p.env.filter((name) => !secrets.has(name));
  if (ordinary.length > 0) lines.push({ ...plain, text: `read the environment variable${ordinary.length === 1 ? "" : "s"} ${ordinary.join(", ")}` });
  if (p.run) lines.push({ ...plain, text: "run commands: FULL ACCESS (a command runs as you, outside the sandbox)", fullAccess: true });
  return lines;
}

/** True when the plugin can read files and also reach the network: it could send files out. */
export function canSendFilesOut(p: PluginPermissions): boolean {
  return p.fs.read.length > 0 && p.net.length > 0;
}

/** What `next` asks for that `granted` did not allow; empty when it asks for no more. */
export function addedPermissions(granted: PluginPermissions, next: PluginPermissions): PluginPermissions {
  const more = (was: readonly string[], now: readonly string[]) => now.filter((x) => !was.includes(x));
  return {
    fs: { read: more(granted.fs.read, next.fs.read), write: more(granted.fs.write, next.fs.write) },
    net: more(granted.net, next.net),
    env: more(granted.env, next.env),
    run: next.run && !granted.run,
  };
}

export function isEmptyPermissions(p: PluginPermissions): boolean {
  return p.fs.read.length === 0 && p.fs.write.length === 0 && p.net.length === 0 && p.env.length === 0 && !p.run;
}
