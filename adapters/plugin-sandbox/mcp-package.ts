import { readFile, realpath } from "node:fs/promises";
import { timedCall } from "./timed-call.ts";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaValidator } from "../../core/ports/schema-validator.ts";
import type { Tool, ToolResult } from "../../core/ports/tool.ts";
import { SandboxChild, describeExit, type ChildOptions } from "./child.ts";
import type { ResolvedGrants } from "./grants.ts";
import type { NetFence } from "./net-fence.ts";
import type { PluginManifest } from "../../core/domain/plugin-manifest.ts";
import { effectFor } from "./proxy-tool.ts";
import type { RequestHandler } from "./rpc.ts";
import { runnerFile } from "./runner-file.ts";
import { chooseRuntime, type SandboxRuntime } from "./runtime.ts";
import type { McpToolInfo, PluginHandle } from "./plugin-handle.ts";
import { checkToolSummaries, type ToolSummary } from "./tool-summary.ts";

const PROTOCOL_VERSION = "2025-06-18";
const CLIENT_INFO = { name: "ursa", version: "1" };

export interface McpLaunch {
  readonly runtime: SandboxRuntime;
  readonly dir: string;
  readonly main: string;
  readonly grants: ResolvedGrants;
  /** Where the granted names may lead (none granted, none needed: the probe). */
  readonly fence?: NetFence;
  readonly env: Readonly<Record<string, string>>;
  readonly heapMb: number;
  /** Ursa's data directory: refused even inside a granted path (by Deno; on Node it is simply not granted). */
  readonly dataDir: string;
  readonly onNotification: ChildOptions["onNotification"];
  readonly onStderrLine: (line: string) => void;
  readonly label: string;
}

/**
 * An unmodified stdio MCP server (a package's `bin`) as a sandboxed child. It does its own I/O,
 * so its grants go to the runtime: reads of its package and the granted paths, writes to the
 * granted write paths, the granted hosts (Deno's --allow-net; Node's guard, preloaded), the
 * granted variables only. Ursa answers its requests: `roots/list` with the granted paths.
 */
export function startMcpChild(o: McpLaunch): SandboxChild {
  const paths = (list: readonly { path: string }[]) => list.map((g) => g.path);
  const onNode = o.runtime.kind === "node";
  const roots = [...paths(o.grants.read), ...paths(o.grants.write)].map((path) => ({ uri: pathToFileURL(path).href, name: path }));
  const onRequest: RequestHandler = async (method) => {
    if (method === "ping") return {};
    if (method === "roots/list") return { roots };
    throw new Error(`${method} is not supported by Ursa`);
  };
  return new SandboxChild({
    runtime: o.runtime,
    readable: [o.dir, ...paths(o.grants.read), ...paths(o.grants.write)],
    writable: paths(o.grants.write),
    denied: [o.dataDir],
    ...(onNode ? { preload: cachedRunner() } : {}),
    script: join(o.dir, o.main),
    netHosts: o.grants.net,
    ...(o.fence ? { netDenied: o.fence.denoDenied } : {}),
    env: onNode ? { ...o.env, ...guardEnv(o.grants.net, o.fence) } : o.env,
    heapMb: o.heapMb,
    cwd: o.dir,
    onRequest,
    onNotification: o.onNotification,
    onStderrLine: o.onStderrLine,
    label: o.label,
    stopByClosingInput: true,
  });
}

/** Node's guard, preloaded, reads the fence from the environment (the server owns stdio). */
function guardEnv(hosts: readonly string[], fence: NetFence | undefined): Record<string, string> {
  return { URSA_SANDBOX_NET: hosts.join(","), URSA_SANDBOX_NET_MEANT: (fence?.meant ?? []).join(","), URSA_SANDBOX_NET_DENIED: (fence?.denied ?? []).join(",") };
}

let runnerPath: string | null = null;
/** The runner is located before any MCP child starts (see prepareMcp). */
function cachedRunner(): string {
  if (runnerPath === null) throw new Error("the plugin runner was not located");
  return runnerPath;
}

export async function prepareMcp(): Promise<void> {
  runnerPath ??= await runnerFile();
}

/** `initialize`, then the tool list (all pages). */
export async function initializeMcp(child: SandboxChild, signal: AbortSignal): Promise<McpToolInfo[]> {
  await child.rpc.request("initialize", { protocolVersion: PROTOCOL_VERSION, capabilities: { roots: { listChanged: false } }, clientInfo: CLIENT_INFO }, signal);
  child.rpc.notify("notifications/initialized", {});
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await child.rpc.request<{ tools?: unknown[]; nextCursor?: string }>("tools/list", cursor ? { cursor } : {}, signal);
    for (const raw of page.tools ?? []) {
      const t = raw as Record<string, unknown>;
      tools.push({
        name: String(t["name"]),
        description: typeof t["description"] === "string" ? t["description"] : "",
        parameters: (t["inputSchema"] ?? { type: "object" }) as Record<string, unknown>,
        annotations: (typeof t["annotations"] === "object" && t["annotations"] !== null ? t["annotations"] : {}) as McpToolInfo["annotations"],
      });
    }
    cursor = typeof page.nextCursor === "string" && page.nextCursor !== "" ? page.nextCursor : undefined;
  } while (cursor);
  return tools;
}

/** A tool of a sandboxed MCP server: the hints say what it does, the grants have the last word. */
export function mcpProxyTool(summary: ToolSummary, plugin: PluginHandle, callTimeoutMs: number): Tool {
  return {
    name: summary.name,
    description: summary.description,
    parameters: summary.parameters,
    // The server writes what it likes inside its write grants; the engine diffs the project around it.
    changesUndeclaredFiles: true,
    async classify() {
      const info = (await plugin.mcpTools()).get(summary.name);
      const hints = info?.annotations ?? {};
      const said = hints.readOnlyHint ? "read_only" : hints.destructiveHint === false ? (hints.openWorldHint === false ? "local_mutation" : "remote_action") : "destructive";
      return effectFor(said, plugin.grants);
    },
    async execute(input, ctx) {
      const child = await plugin.child();
      plugin.noteSession(ctx.sessionId);
      return timedCall(plugin, child, summary.name, callTimeoutMs, ctx.signal, async () => mcpResult(await child.rpc.request("tools/call", { name: summary.name, arguments: input }, ctx.signal)));
    },
  };
}

/** Text blocks joined; other content summarised; an error result is a failure. */
export function mcpResult(value: unknown): ToolResult {
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const blocks = Array.isArray(record["content"]) ? (record["content"] as Record<string, unknown>[]) : [];
  const text = blocks
    .map((b) => (b["type"] === "text" ? String(b["text"] ?? "") : b["type"] === "resource" ? String((b["resource"] as Record<string, unknown> | undefined)?.["text"] ?? `[resource]`) : `[${String(b["type"])} content]`))
    .join("\n");
  if (record["isError"] === true) return { output: `MCP tool error: ${text || "(no details)"}`, success: false };
  return { output: text || "(no output)", success: true };
}

/** The probe of a `kind: "mcp"` package: its server started with no grants, its tools listed. */
export async function probeMcpServer(input: { dir: string; manifest: PluginManifest; signal: AbortSignal; schemas?: SchemaValidator }, timeoutMs: number, heapMb: number): Promise<{ id: string; version: string; tools: ToolSummary[] }> {
  const dir = await realpath(input.dir);
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
  await prepareMcp();
  const child = startMcpChild({
    runtime: chooseRuntime(process.env), dir, main: input.manifest.main, heapMb, dataDir: "/nonexistent-ursa-data",
    grants: { read: [], write: [], net: [], env: [], run: false }, env: {},
    onNotification: () => {}, onStderrLine: () => {}, label: "the MCP server",
  });
  const deadline = AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const tools = await Promise.race([
      initializeMcp(child, deadline),
      child.exited.then((exit) => { throw new Error(`the MCP server ${describeExit(exit, child.stderrTail())} while starting`); }),
    ]);
    const summaries = tools.map(({ name, description, parameters }) => ({ name, description, parameters }));
    checkToolSummaries(summaries, input.schemas);
    return { id: idFromPackageName(String(pkg.name ?? "mcp-server")), version: String(pkg.version ?? "0.0.0"), tools: summaries };
  } catch (error) {
    if (deadline.aborted && !input.signal.aborted) throw new Error(`the MCP server did not answer initialize within ${timeoutMs / 1000} s`);
    if (input.signal.aborted) throw input.signal.reason;
    throw new Error(`the MCP server failed to start: ${(error as Error).message}`);
  } finally {
    await child.stop(500);
  }
}

/** "@acme/jira-mcp" → "acme.jira-mcp": an MCP server has no plugin id of its own. */
export function idFromPackageName(name: string): string {
  return name.replace(/^@/, "").replace("/", ".").toLowerCase();
}
