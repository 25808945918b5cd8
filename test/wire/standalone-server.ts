import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

const TSX = join(import.meta.dirname, "../../node_modules/.bin/tsx");

export interface StandaloneServer {
  readonly port: string;
  /** The requests the server recorded (`--record`), in order. */
  recorded(): Promise<{ path: string; body: unknown }[]>;
}

/**
 * Runs a wire server file as its own process, the way scripts use it (`--script`, `--port-file`,
 * `--record`, and any `extra` flag given a JSON file), and stops it after each test.
 */
export function useStandaloneServer(serverFile: string): (script: unknown, extra?: Record<string, unknown>) => Promise<StandaloneServer> {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child?.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child?.once("exit", resolve));
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    child = dir = undefined;
  });
  return async (script, extra = {}) => {
    dir = await mkdtemp(join(tmpdir(), "ursa-wire-"));
    const files = { script: join(dir, "script.json"), port: join(dir, "port"), record: join(dir, "requests.jsonl") };
    await writeFile(files.script, JSON.stringify(script));
    const extraArgs: string[] = [];
    for (const [flag, content] of Object.entries(extra)) {
      const file = join(dir, `${flag.replace(/^-+/, "")}.json`);
      await writeFile(file, JSON.stringify(content));
      extraArgs.push(flag, file);
    }
    child = spawn(TSX, [serverFile, "--script", files.script, "--port-file", files.port, "--record", files.record, ...extraArgs], { stdio: "ignore" });
    return {
      port: await waitForFile(files.port),
      recorded: async () => (await readFile(files.record, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { path: string; body: unknown }),
    };
  };
}

async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
