import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";

export type ProxyMode = "pass" | "swallow" | "swallow-writes" | "blackhole";

/** The TCP proxy process (tcp-proxy.mjs) in front of a local server; stopped by its pid. */
export interface TcpProxy {
  readonly url: string;
  setMode(mode: ProxyMode): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, "tcp-proxy.mjs"), String(targetPort)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const buffered: string[] = [];
  lines.on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else buffered.push(line);
  });
  const nextLine = () => new Promise<string>((resolve) => {
    const line = buffered.shift();
    if (line !== undefined) resolve(line);
    else waiting.push(resolve);
  });
  const port = Number(await nextLine());
  return {
    url: `http://127.0.0.1:${port}`,
    async setMode(mode) {
      child.stdin!.write(`${mode}\n`);
      const answer = await nextLine();
      if (answer !== `ok ${mode}`) throw new Error(`proxy answered ${answer}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      process.kill(child.pid!, "SIGKILL");
      await gone;
    },
  };
}
