import type { Plugin } from "../../core/plugin-api/mod.ts";
import read from "../../plugins/read/mod.ts";
import write from "../../plugins/write/mod.ts";

/** The tools Ursa ships, loaded through the same PluginHost as third-party plugins. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [read, write];
