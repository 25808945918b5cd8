import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BUNDLE = join(ROOT, "dist/ursa.mjs");
export const DENO = join(ROOT, "node_modules/deno/deno");
/** The permission flags deno.json's start task uses; the Deno leg must pass with exactly these. */
export const DENO_FLAGS = ["--allow-read", "--allow-write", "--allow-env", "--allow-sys", "--allow-ffi", "--allow-net", "--allow-run"];

/** Builds the bundle with the package's own build script, so tests run what users run. */
export function buildBundle(): void {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  statSync(BUNDLE);
}

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs Ursa as a user would: the bundle on Node, or the source entry on Deno. */
export function runUrsa(
  args: readonly string[],
  options: {
    runtime?: "node" | "deno";
    cwd: string;
    env: Record<string, string>;
    stdin?: string;
    timeoutMs?: number;
    /** Called with the process and its output so far whenever stdout or stderr grows. */
    onOutput?: (child: ChildProcess, output: { stdout: string; stderr: string }) => void;
  },
): Promise<CliResult> {
  const [command, commandArgs] =
    options.runtime === "deno"
      ? [DENO, ["run", ...DENO_FLAGS, "--config", join(ROOT, "deno.json"), join(ROOT, "adapters/main/main.ts"), ...args]]
      : [process.execPath, [BUNDLE, ...args]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: { PATH: process.env["PATH"] ?? "", HOME: options.env["HOME"] ?? tmpdir(), NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      options.onOutput?.(child, { stdout, stderr });
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      options.onOutput?.(child, { stdout, stderr });
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
}
