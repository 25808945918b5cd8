import { readdir } from "node:fs/promises";
import { join } from "node:path";

const PLUGIN_FILE = /\.(mjs|js)$/;

/**
 * Developer mode: `$URSA_HOME/plugins/` holds plugin modules someone is working on. Each runs
 * unsandboxed in a child process of its own (adapters/plugin-sandbox), so a broken one is
 * reported and never takes Ursa down; this finds them, sorted by name: each `*.mjs`/`*.js`
 * file, or each folder's `index.mjs`/`index.js`. A missing directory has none.
 */
export async function findPluginFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && PLUGIN_FILE.test(entry.name)) files.push(join(dir, entry.name));
    else if (entry.isDirectory()) {
      const inner = await readdir(join(dir, entry.name)).catch(() => [] as string[]);
      const index = ["index.mjs", "index.js"].find((name) => inner.includes(name));
      if (index) files.push(join(dir, entry.name, index));
    }
  }
  return files;
}
