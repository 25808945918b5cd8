import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ShellGrammarFiles } from "../../plugins/bash/mod.ts";

/** The folder `npm run build` copies the WebAssembly files into, next to dist/ursa.mjs. */
export const GRAMMAR_DIR = "grammars";
const RUNTIME = "web-tree-sitter.wasm";
const BASH = "tree-sitter-bash.wasm";

/**
 * Where the Bash tool's parser (web-tree-sitter's runtime and tree-sitter-bash's grammar) is:
 * next to the bundle (dist/grammars/, or one level up from a chunk in dist/chunks/), else in
 * node_modules (running from source with tsx, vitest or Deno). Asked on the first Bash call.
 */
export function locateShellGrammar(): ShellGrammarFiles {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, GRAMMAR_DIR), join(here, "..", GRAMMAR_DIR)]) {
    if (existsSync(join(dir, BASH)) && existsSync(join(dir, RUNTIME))) return { runtime: join(dir, RUNTIME), bash: join(dir, BASH) };
  }
  const require = createRequire(import.meta.url);
  return { runtime: require.resolve(`web-tree-sitter/${RUNTIME}`), bash: require.resolve(`tree-sitter-bash/${BASH}`) };
}
