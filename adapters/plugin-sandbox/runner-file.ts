import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RUNNER = "plugin-runner.mjs";
declare const Deno: unknown;
let cached: Promise<string> | undefined;

/**
 * The child's entry file. A build ships it next to dist/ursa.mjs (a second esbuild entry); a
 * source checkout on Node (tests) strips the types of runner.ts once into the temp directory,
 * keyed by its content, since Node 20 cannot run TypeScript.
 */
export function runnerFile(): Promise<string> {
  cached ??= locate();
  return cached;
}

async function locate(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".ts")) {
    // Bundled: this code is in dist/ursa.mjs or a chunk under dist/chunks/.
    for (const dir of [dirname(here), dirname(dirname(here))]) if (existsSync(join(dir, RUNNER))) return join(dir, RUNNER);
    throw new Error(`the plugin runner (${RUNNER}) is missing next to ${here}; rebuild Ursa`);
  }
  // Ursa on Deno runs its children on Deno too, which runs TypeScript as it is.
  if (typeof Deno !== "undefined") return join(dirname(here), "runner.ts");
  const source = readFileSync(join(dirname(here), "runner.ts"), "utf8");
  const target = join(tmpdir(), `ursa-plugin-runner-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.mjs`);
  if (existsSync(target)) return target;
  const { transform } = await import("esbuild");
  const { code } = await transform(source, { loader: "ts", format: "esm", target: "node20" });
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, target);
  return target;
}
