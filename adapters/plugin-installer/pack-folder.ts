import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Packs a plugin folder exactly as `npm pack` would (same file selection, same fixed
 * timestamps), so the integrity is stable and equal to what publishing would give. The
 * folder's own scripts (prepack, prepare) are not run: build the plugin first.
 */
export async function packFolder(dir: string, signal: AbortSignal): Promise<Uint8Array> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new Error(`${dir} does not exist`);
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder or a .tgz file`);
  if (!(await stat(join(dir, "package.json")).catch(() => null))) throw new Error(`${dir} has no package.json, so it is not an npm package`);
  const out = await mkdtemp(join(tmpdir(), "ursa-pack-"));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], { cwd: dir, signal, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return reject(new Error("packing a folder needs npm on the PATH; or run npm pack there and add the .tgz"));
        const reason = stderr.split("\n").find((line) => /npm (error|ERR!)/.test(line)) ?? error.message.split("\n")[0];
        reject(new Error(`npm pack failed in ${dir}: ${reason}`));
      });
    });
    const packed = JSON.parse(stdout) as { filename: string }[];
    const filename = packed[0]?.filename;
    if (!filename) throw new Error(`npm pack in ${dir} produced no tarball`);
    return new Uint8Array(await readFile(join(out, filename)));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
