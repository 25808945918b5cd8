import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Which runtime runs plugin children, and who enforces what under it (shown at consent). */
export interface SandboxRuntime {
  kind: "deno" | "node";
  command: string;
  /** One line per grant kind: who enforces it. */
  enforcement: string[];
}

declare const Deno: { execPath(): string } | undefined;

// Node's permission model became stable (and `--permission`) in 22.13; before it is experimental.
const STABLE_PERMISSION = [22, 13] as const;

/**
 * Deno when a binary is at hand (Ursa itself on Deno, Ursa's own node_modules/.bin/deno, or one
 * on PATH): it also scopes the network and the environment. Else the Node running Ursa.
 * `URSA_PLUGIN_RUNTIME=node|deno` forces one (tests run the enforcement matrix on both).
 */
export function chooseRuntime(env: Record<string, string | undefined>): SandboxRuntime {
  const forced = env["URSA_PLUGIN_RUNTIME"];
  if (forced === "node" && typeof Deno === "undefined") return nodeRuntime(process.execPath, process.versions.node);
  const deno = typeof Deno !== "undefined" ? Deno.execPath() : findDeno(env);
  if (forced === "deno" && !deno) throw new Error("URSA_PLUGIN_RUNTIME=deno, but no deno binary was found (install deno or put it on PATH)");
  if (deno) return denoRuntime(deno);
  return nodeRuntime(process.execPath, process.versions.node);
}

function denoRuntime(command: string): SandboxRuntime {
  return {
    kind: "deno",
    command,
    enforcement: [
      "fs: Deno lets the child read only its own package; Ursa checks every ctx.fs call against the grant (real paths; the data directory and .git refused)",
      "net: Deno lets the child reach only the granted hosts, and a granted name no private or loopback IPv4 address (--deny-net); Ursa checks every ctx.http call, each redirect hop, and where each name resolves",
      "env: Deno lets the child read only the granted variables, and only those are passed to it",
      "run: Deno gives the child no subprocesses, FFI or workers with more rights; a run grant lets Ursa run commands for it unsandboxed (full access)",
    ],
  };
}

function nodeRuntime(command: string, version: string): SandboxRuntime {
  const flag = permissionFlag(version);
  const stable = flag === "--permission";
  return {
    kind: "node",
    command,
    enforcement: [
      `fs: Node's permission model (${flag}) lets the child read only its own package; Ursa checks every ctx.fs call against the grant (real paths; the data directory and .git refused)`,
      `net: ${stable ? "Node does" : "Node 20 does"} not scope the network: Ursa checks every ctx.http call, each redirect hop, and a guard in the child refuses sockets and DNS to other hosts and a granted name's private or loopback addresses (best effort)`,
      "env: Node does not scope the environment: only the granted variables are passed to the child",
      "run: Node's permission model refuses child processes, workers and native addons; a run grant lets Ursa run commands for it unsandboxed (full access)",
    ],
  };
}

export function permissionFlag(nodeVersion: string): "--permission" | "--experimental-permission" {
  const [major = 0, minor = 0] = nodeVersion.split(".").map(Number);
  return major > STABLE_PERMISSION[0] || (major === STABLE_PERMISSION[0] && minor >= STABLE_PERMISSION[1]) ? "--permission" : "--experimental-permission";
}

export interface LaunchInput {
  readonly runtime: SandboxRuntime;
  /** Files and folders the child may read: the runner and the plugin's package. */
  readonly readable: readonly string[];
  /** Paths it may write directly (an MCP server's write grants); plugins write only through Ursa. */
  readonly writable?: readonly string[];
  /** Paths refused even inside a granted one (Ursa's data directory), where the runtime can say so (Deno). */
  readonly denied?: readonly string[];
  /** A module loaded before the script (Node's network guard in front of an MCP server). */
  readonly preload?: string;
  /** Developer mode: a child of its own (so a crash cannot take Ursa down) but with full authority. */
  readonly unrestricted?: boolean;
  /** The script the child runs, with its arguments. */
  readonly script: string;
  readonly args: readonly string[];
  readonly netHosts: readonly string[];
  /** Deno's --deny-net: where a granted name may not lead (ranges, checked against what it resolves to). */
  readonly netDenied?: readonly string[];
  readonly envVars: readonly string[];
  readonly heapMb: number;
}

/** The command line of a sandboxed child: no prompts, no remote code, reads of its own files only. */
export function launchArgs(input: LaunchInput): string[] {
  if (input.unrestricted) {
    return input.runtime.kind === "deno"
      ? ["run", "--allow-all", "--no-prompt", "--no-config", "--no-lock", `--v8-flags=--max-old-space-size=${input.heapMb}`, input.script, ...input.args]
      : [`--max-old-space-size=${input.heapMb}`, input.script, ...input.args];
  }
  if (input.runtime.kind === "deno") {
    return [
      "run", "--no-prompt", "--no-remote", "--no-npm", "--no-config", "--no-lock",
      `--allow-read=${input.readable.join(",")}`,
      ...(input.writable?.length ? [`--allow-write=${input.writable.join(",")}`] : []),
      ...(input.denied?.length ? [`--deny-read=${input.denied.join(",")}`, `--deny-write=${input.denied.join(",")}`] : []),
      ...(input.netHosts.length > 0 ? [`--allow-net=${input.netHosts.join(",")}`] : []),
      ...(input.netHosts.length > 0 && input.netDenied?.length ? [`--deny-net=${input.netDenied.join(",")}`] : []),
      ...(input.envVars.length > 0 ? [`--allow-env=${input.envVars.join(",")}`] : []),
      `--v8-flags=--max-old-space-size=${input.heapMb}`,
      input.script, ...input.args,
    ];
  }
  const version = input.runtime.command === process.execPath ? process.versions.node : "20.0.0";
  return [
    permissionFlag(version),
    // One flag per path: the comma form granted nothing on Node 20.
    ...input.readable.map((path) => `--allow-fs-read=${path}`),
    ...(input.writable ?? []).map((path) => `--allow-fs-write=${path}`),
    ...(input.preload ? [`--import=${pathToFileURL(input.preload).href}`] : []),
    `--max-old-space-size=${input.heapMb}`,
    "--disable-warning=ExperimentalWarning",
    input.script, ...input.args,
  ];
}

/** Ursa's own devDependency first (tests, a source checkout), then PATH. */
function findDeno(env: Record<string, string | undefined>): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "node_modules", ".bin", "deno");
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, "package.json"))) break;
    dir = dirname(dir);
  }
  for (const entry of (env["PATH"] ?? "").split(delimiter)) {
    if (entry && existsSync(join(entry, "deno"))) return join(entry, "deno");
  }
  return null;
}
