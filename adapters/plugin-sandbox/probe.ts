import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SandboxChild } from "./child.ts";
import type { SchemaValidator } from "../../core/ports/schema-validator.ts";
import type { PluginManifest } from "../../core/domain/plugin-manifest.ts";
import { runnerFile } from "./runner-file.ts";
import { chooseRuntime } from "./runtime.ts";
import { checkToolSummaries, type ToolSummary } from "./tool-summary.ts";

/** How long a plugin may take to import and activate before it counts as hanging. */
export const ACTIVATE_TIMEOUT_MS = 10_000;
/** The heap cap of a plugin child (V8's old space), in MiB. */
export const HEAP_MB = 128;

/**
 * Starts the plugin in the sandbox with NO grants, activates it, and returns its id, version
 * and tools (the installer caches them in the lockfile), then stops it. Every ctx call it makes
 * while activating is refused. Failures are one-line errors. Given `schemas`, a tool whose
 * parameters are not a valid JSON Schema fails the probe (Ursa would refuse to register it).
 */
export async function probePlugin(input: { dir: string; manifest: PluginManifest; signal: AbortSignal; schemas?: SchemaValidator }): Promise<{ id: string; version: string; tools: ToolSummary[] }> {
  if (input.manifest.kind === "mcp") {
    const { probeMcpServer } = await import("./mcp-package.ts");
    return probeMcpServer(input, ACTIVATE_TIMEOUT_MS, HEAP_MB);
  }
  const dir = await realpath(input.dir);
  const child = new SandboxChild({
    runtime: chooseRuntime(process.env),
    readable: [dir],
    script: await runnerFile(),
    netHosts: [],
    env: {},
    heapMb: HEAP_MB,
    cwd: dir,
    onRequest: async (method) => {
      throw new Error(`permission denied: ${method.replace(/^ursa\//, "")} while being inspected (no permissions are granted yet)`);
    },
    onNotification: () => {},
    onStderrLine: () => {},
    label: "the plugin",
  });
  const deadline = AbortSignal.any([input.signal, AbortSignal.timeout(ACTIVATE_TIMEOUT_MS)]);
  try {
    const result = await Promise.race([
      child.rpc.request<{ id: string; version: string; tools: ToolSummary[] }>("initialize", {
        pluginUrl: pathToFileURL(join(dir, input.manifest.main)).href,
        projectRoot: dir,
        dataDir: dir,
        net: { hosts: [], meant: [], denied: [] },
      }, deadline),
      child.exited.then((exit) => { throw new Error(`the plugin ${exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`} while activating${tail(child.stderrTail())}`); }),
    ]);
    const tools = result.tools.map(({ name, description, parameters }) => ({ name, description, parameters }));
    checkToolSummaries(tools, input.schemas);
    return { id: String(result.id), version: String(result.version), tools };
  } catch (error) {
    if (deadline.aborted && !input.signal.aborted) throw new Error(`the plugin did not finish activating within ${ACTIVATE_TIMEOUT_MS / 1000} s`);
    if (input.signal.aborted) throw input.signal.reason;
    throw new Error(`the plugin failed to activate: ${(error as Error).message}`);
  } finally {
    await child.stop(500);
  }
}

function tail(lines: readonly string[]): string {
  const last = lines.filter((l) => !/^\s+at /.test(l)).at(-1);
  return last ? `: ${last.trim()}` : "";
}
