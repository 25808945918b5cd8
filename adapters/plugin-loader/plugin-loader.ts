import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A plugin module found on disk: its default export (not yet checked), or why it could not be loaded. */
export type LoadedModule =
  | { readonly source: string; readonly ok: true; readonly plugin: unknown }
  | { readonly source: string; readonly ok: false; readonly message: string };

const PLUGIN_FILE = /\.(mjs|js)$/;

/**
 * Finds third-party plugins in a directory: each `*.mjs`/`*.js` file, or each folder with an
 * `index.mjs`/`index.js`, is a module whose default export is a plugin (`definePlugin({...})`).
 * The values go to the same PluginHost that activates the built-in tools, which checks their
 * shape and API version. A module that fails to import is reported, never fatal.
 */
export async function loadPluginModules(dir: string, signal: AbortSignal): Promise<LoadedModule[]> {
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
  const loaded: LoadedModule[] = [];
  for (const source of files) {
    signal.throwIfAborted();
    try {
      const module = (await import(pathToFileURL(source).href)) as { default?: unknown };
      if (module.default === undefined) loaded.push({ source, ok: false, message: "has no default export; export default definePlugin({...})" });
      else loaded.push({ source, ok: true, plugin: module.default });
    } catch (error) {
      loaded.push({ source, ok: false, message: `could not be loaded: ${(error as Error).message ?? String(error)}` });
    }
  }
  return loaded;
}
