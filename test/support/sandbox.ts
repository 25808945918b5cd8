import { lookup } from "node:dns/promises";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { SILENT_LOGGER, type Logger } from "../../core/ports/logger.ts";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { NodeHttpClient } from "../../adapters/node-http-client/mod.ts";
import { NodeProcessRunner } from "../../adapters/node-process-runner/mod.ts";
import { chooseRuntime, parseManifest, type PluginPermissions } from "../../adapters/plugin-sandbox/mod.ts";
import { DEFAULT_LIMITS, SandboxedPlugin, type SandboxHostDeps, type SandboxLimits } from "../../adapters/plugin-sandbox/sandboxed-plugin.ts";
import type { ToolSummary } from "../../adapters/plugin-sandbox/tool-summary.ts";
import * as addressPolicy from "../../plugins/web-fetch/address-policy.ts";
import { ROOT, tempDir } from "./cli.ts";

export const PLUGIN_PACKAGES = join(ROOT, "test/fixtures/plugin-packages");

/**
 * A fixture package under test/fixtures/plugin-packages as an installed, sandboxed plugin, on
 * the runtime asked for, with a fresh project and data directory. `reports` collects what the
 * host reported about it (crashes, timeouts, disabling).
 */
export function sandboxFixture(name: string, options: { runtime: "node" | "deno"; granted?: Partial<PluginPermissions>; tools: readonly ToolSummary[]; limits?: Partial<SandboxLimits>; env?: Record<string, string>; log?: Logger; dir?: string; hooks?: SandboxHostDeps["hooks"]; events$?: SandboxHostDeps["events$"]; http?: SandboxHostDeps["http"]; addressPolicy?: SandboxHostDeps["addressPolicy"] }) {
  const dir = options.dir ?? join(PLUGIN_PACKAGES, name);
  const manifest = parseManifest(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
  const project = tempDir("ursa-sandbox-project-");
  const dataDir = tempDir("ursa-sandbox-data-");
  mkdirSync(join(project, ".git"));
  const reports: string[] = [];
  /** What the host was told the plugin tried and was refused, in order. */
  const denied: string[] = [];
  const granted: PluginPermissions = { fs: { read: [], write: [] }, net: [], env: [], run: false, ...options.granted };
  const plugin = new SandboxedPlugin(
    { id: `test.${name}`, version: "1.0.0", kind: manifest.kind, dir, main: manifest.main, granted, tools: options.tools },
    {
      runtime: chooseRuntime({ URSA_PLUGIN_RUNTIME: options.runtime, PATH: process.env["PATH"] }),
      fs: new LocalFileSystem(), http: options.http ?? new NodeHttpClient(), process: new NodeProcessRunner(), log: options.log ?? SILENT_LOGGER,
      addressPolicy: options.addressPolicy ?? (async () => addressPolicy),
      dataDir, projectRoot: project, homeDir: project, env: options.env ?? {},
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      ...(options.hooks ? { hooks: options.hooks } : {}),
      ...(options.events$ ? { events$: options.events$ } : {}),
      report: (_id, problem) => void reports.push(problem),
      denied: { record: (_id, what) => void denied.push(what) },
    },
  );
  return { plugin, project, dataDir, reports, denied, tool: (toolName: string) => plugin.tools().find((t) => t.name === toolName)! };
}

/**
 * The sandbox-mcp fixture as its author would publish it: server.src.mjs bundled with the MCP
 * SDK into one file (plugins may not have dependencies), in a fresh package folder.
 */
export async function buildMcpFixture(): Promise<string> {
  const { build } = await import("esbuild");
  const source = join(PLUGIN_PACKAGES, "sandbox-mcp");
  const dir = tempDir("ursa-sandbox-mcp-");
  writeFileSync(join(dir, "package.json"), readFileSync(join(source, "package.json")));
  await build({
    entryPoints: [join(source, "server.src.mjs")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: join(dir, "server.mjs"), logLevel: "warning",
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  return dir;
}

/**
 * This machine's name when it resolves to a loopback address, as on most Linux systems
 * (/etc/hosts: 127.0.0.1 or 127.0.1.1): a granted name whose DNS answer leads to this machine,
 * with no resolver to fake in the child. Null when it does not (or is a name like localhost, which is meant).
 */
export async function loopbackName(): Promise<{ name: string; address: string } | null> {
  const name = hostname().toLowerCase();
  if (addressPolicy.isLocalHostname(name) || addressPolicy.parseAddress(name)) return null;
  const answer = await lookup(name, { family: 4 }).catch(() => null);
  return answer?.address.startsWith("127.") ? { name, address: answer.address } : null;
}
