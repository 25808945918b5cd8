import { join, relative, sep } from "node:path";
import type { FileSystem } from "../../core/ports/file-system.ts";
import { PROJECT_MEMORY_FILES } from "../../core/domain/memory-files.ts";
import { globalMemoryPath, readIfExists } from "../../core/plugin-api/memory-files.ts";

/** Every instructions file other agents use, in each directory: Ursa's, the shared one, Claude Code's two. */
export const INSTRUCTION_FILES = [...PROJECT_MEMORY_FILES, join(".claude", "CLAUDE.md")] as const;

/**
 * Standing instructions for the system prompt: every instructions file from the project root
 * down to the working directory (outer ones first, so the nearer ones read last and win), then
 * the user's global memory. A file that repeats another word for word (AGENTS.md linked to
 * CLAUDE.md) is read once.
 */
export async function readInstructions(fs: FileSystem, o: { projectRoot: string; workingDir: string; dataDir: string }): Promise<{ source: string; text: string }[]> {
  const signal = AbortSignal.timeout(5_000);
  const found: { source: string; text: string }[] = [];
  const seen = new Set<string>();
  for (const dir of dirsFromRootTo(o.projectRoot, o.workingDir)) {
    for (const name of INSTRUCTION_FILES) {
      const path = join(dir, name);
      const text = await readIfExists(fs, path, signal);
      if (text === null || text.trim() === "" || seen.has(text.trim())) continue;
      seen.add(text.trim());
      found.push({ source: relative(o.projectRoot, path) || name, text });
    }
  }
  const global = await readIfExists(fs, globalMemoryPath(o.dataDir), signal);
  if (global !== null) found.push({ source: "Global memory", text: global });
  return found;
}

/** The project root, then each directory on the way down to `workingDir` (only the root when it is outside). */
function dirsFromRootTo(root: string, workingDir: string): string[] {
  const rel = relative(root, workingDir);
  if (rel === "" || rel.startsWith("..")) return [root];
  const dirs = [root];
  let current = root;
  for (const part of rel.split(sep)) {
    current = join(current, part);
    dirs.push(current);
  }
  return dirs;
}
