import { GLOBAL_MEMORY_FILE, PROJECT_MEMORY_FILES, resolvePath, type FileSystem } from "#plugin-api";

/** The project memory file in use: the first that exists, else where URSA.md would go. */
export async function projectMemoryPath(fs: FileSystem, projectRoot: string, signal: AbortSignal): Promise<string> {
  for (const name of PROJECT_MEMORY_FILES) {
    const path = resolvePath(projectRoot, name);
    if ((await fs.stat(path, signal))?.kind === "file") return path;
  }
  return resolvePath(projectRoot, PROJECT_MEMORY_FILES[0]);
}

export function globalMemoryPath(dataDir: string): string {
  return resolvePath(dataDir, GLOBAL_MEMORY_FILE);
}

export async function readIfExists(fs: FileSystem, path: string, signal: AbortSignal): Promise<string | null> {
  return (await fs.stat(path, signal))?.kind === "file" ? fs.readText(path, signal) : null;
}
