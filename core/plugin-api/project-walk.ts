import { isInside } from "../domain/paths.ts";
import type { WalkOptions } from "../ports/file-system.ts";

/** Noise no one lists or searches on purpose; .gitignore files do not always name it. */
export const NOISE_DIRS: readonly string[] = [".git", "node_modules", "__pycache__"];

/**
 * How the file tools walk `dir`: as git sees it (ignore files, a subdirectory of the project
 * also under the ones above it), without the noise directories.
 */
export function projectWalk(dir: string, projectRoot: string, maxDepth?: number): WalkOptions {
  return {
    gitignore: true,
    ignoreRoot: isInside(projectRoot, dir) ? projectRoot : dir,
    skipDirs: NOISE_DIRS,
    ...(maxDepth === undefined ? {} : { maxDepth }),
  };
}
