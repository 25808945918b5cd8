import { printableLine } from "../../core/domain/terminal-text.ts";
import type { PluginPermissions } from "./sandbox-port.ts";

/**
 * One thing a plugin may do, in words a user can judge; `home` marks grants in the home folder,
 * `secret` a variable holding one of Ursa's secrets.
 */
export interface PermissionLine {
  readonly text: string;
  readonly home: boolean;
  readonly fullAccess: boolean;
  readonly secret: boolean;
}

/** The variables that hold a secret (a provider key, the sync token), each with what it is in words: "your Anthropic API key". */
export type SecretVariables = ReadonlyMap<string, string>;

/**
 * Says each permission in plain words, one line per grant: paths one by one (as printable text:
 * a path is the package's to choose), home paths flagged, each secret variable named for what it
 * holds.
 */
export function describePermissions(p: PluginPermissions, secrets: SecretVariables = new Map()): PermissionLine[] {
  const lines: PermissionLine[] = [];
  const path = (verb: string, raw: string): PermissionLine => {
    const grant = printableLine(raw);
    if (grant === "${project}") return { text: `${verb} files in the open project`, home: false, fullAccess: false, secret: false };
    if (grant.startsWith("${project}/")) return { text: `${verb} ${grant.slice("${project}/".length)} in the open project`, home: false, fullAccess: false, secret: false };
    if (grant === "${pluginData}" || grant.startsWith("${pluginData}/")) return { text: `${verb} its own private folder${grant.length > "${pluginData}".length ? ` (${grant.slice("${pluginData}/".length)})` : ""}`, home: false, fullAccess: false, secret: false };
    if (grant.startsWith("~/") || grant === "~") return { text: `${verb} ${grant} in your home folder`, home: true, fullAccess: false, secret: false };
    return { text: `${verb} ${grant}`, home: false, fullAccess: false, secret: false };
  };
  for (const grant of p.fs.read) lines.push(path("read", grant));
  for (const grant of p.fs.write) lines.push(path("write", grant));
  if (p.net.length > 0) lines.push({ text: `connect to ${p.net.join(", ")}`, home: false, fullAccess: false, secret: false });
  for (const name of p.env) {
    const what = secrets.get(name);
    if (what !== undefined) lines.push({ text: `read ${what} (${name})`, home: false, fullAccess: false, secret: true });
  }
  const plain = p.env.filter((name) => !secrets.has(name));
  if (plain.length > 0) lines.push({ text: `read the environment variable${plain.length === 1 ? "" : "s"} ${plain.join(", ")}`, home: false, fullAccess: false, secret: false });
  if (p.run) lines.push({ text: "run commands: FULL ACCESS (a command runs as you, outside the sandbox)", home: false, fullAccess: true, secret: false });
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
