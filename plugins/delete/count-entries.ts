import type { FileSystem } from "#plugin-api";

export interface EntryCount {
  readonly files: number;
  readonly directories: number;
}

/** Everything below a directory, at any depth; symlinks and other entries count as files. */
export async function countEntries(fs: FileSystem, dir: string, signal: AbortSignal): Promise<EntryCount> {
  let files = 0;
  let directories = 0;
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const entry of await fs.readDir(next, signal)) {
      if (entry.kind === "directory") {
        directories++;
        pending.push(`${next}/${entry.name}`);
      } else {
        files++;
      }
    }
  }
  return { files, directories };
}
