import { homedir } from "node:os";
import { resolve } from "node:path";
import type { PluginContext } from "../../core/plugin-api/mod.ts";
import type { InstallerEnv, TakenName } from "../plugin-installer/mod.ts";
import { resolveDataDir } from "./data-dir.ts";

/**
 * Wires the installer for one command (or one dashboard action): the data directory, the
 * project (the working directory, as for a session), Ursa's built-in tool names and the
 * sandbox, both loaded only when an install needs them.
 */
export function installerEnv(input: { env: Readonly<Record<string, string | undefined>>; cwd: string; signal: AbortSignal }): InstallerEnv {
  return {
    dataDir: resolveDataDir(input.env, homedir()), projectRoot: resolve(input.cwd), home: homedir(), env: input.env, cwd: input.cwd,
    reservedTools: once(builtinToolNames), sandbox: once(() => import("../plugin-sandbox/mod.ts")), signal: input.signal,
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * The names of Ursa's own tools, learnt by activating the built-in plugins against a context
 * that only records registrations (their activate does nothing else).
 */
async function builtinToolNames(): Promise<TakenName[]> {
  const { BUILTIN_PLUGINS } = await import("./builtin-plugins.ts");
  const names: TakenName[] = [];
  const unused = new Proxy({}, { get: () => () => { throw new Error("not available while listing tool names"); } });
  for (const plugin of BUILTIN_PLUGINS) {
    const ctx = {
      apiVersion: plugin.apiVersion,
      registerTool: (tool: { name: string }) => {
        names.push({ name: tool.name, owner: `the built-in tool ${tool.name}` });
        return () => {};
      },
      on: () => () => {},
      hook: () => () => {},
      fs: unused, process: unused, http: unused, log: unused,
      host: { dataDir: "", projectRoot: "" },
    } as unknown as PluginContext;
    await plugin.activate(ctx);
  }
  return names;
}
