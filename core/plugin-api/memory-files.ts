import { GLOBAL_MEMORY_FILE, PROJECT_MEMORY_FILES } from "../domain/memory-files.ts";
import { resolvePath } from "../domain/paths.ts";
import type { FileSystem } from "../ports/file-system.ts";

/** The project memory file in use: the first of URSA.md, AGENTS.md, CLAUDE.md that exists, else where URSA.md would go. */
export async function projectMemoryPath(fs: FileSystem, projectRoot: string, signal: AbortSignal): Promise<string> {
  for (const name of PROJECT_MEMORY_FILES) {
    const path = resolvePath(projectRoot, name);
    if ((await fs.stat(path, signal))?.kind === "file") return path;
  }
  return resolvePath(projectRoot, PROJECT_MEMORY_FILES[0]);
}

/** The memory kept for every project, in Ursa's data directory. */
export function globalMemoryPath(dataDir: string): string {
  return resolvePath(dataDir, GLOBAL_MEMORY_FILE);
}

/** A file's text, or null when there is no file. */
export async function readIfExists(fs: FileSystem, path: string, signal: AbortSignal): Promise<string | null> {
  return (await fs.stat(path, signal))?.kind === "file" ? fs.readText(path, signal) : null;
}
