import type { Parser } from "web-tree-sitter";

/** Where the two WebAssembly files live: web-tree-sitter's runtime and tree-sitter-bash's grammar. */
export interface ShellGrammarFiles {
  readonly runtime: string;
  readonly bash: string;
}

/** Reads a file's bytes (the plugin's file system capability). */
export type ReadBytes = (path: string, signal: AbortSignal) => Promise<Uint8Array>;

/** How long loading the grammar may take before a Bash call reports it as broken. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * tree-sitter's bash grammar, loaded on first use (never at start: the runtime and grammar are
 * about 1.5 MB of WebAssembly). The bytes come through the plugin's file system, from paths
 * the host resolves, so the plugin needs no `node:` module and runs on Node and Deno alike.
 * A failed load is retried on the next call.
 */
export class ShellGrammar {
  #parser: Promise<Parser> | null = null;

  readonly #files: () => ShellGrammarFiles;
  readonly #readBytes: ReadBytes;

  constructor(files: () => ShellGrammarFiles, readBytes: ReadBytes) {
    this.#files = files;
    this.#readBytes = readBytes;
  }

  parser(): Promise<Parser> {
    this.#parser ??= this.#load().catch((error: unknown) => {
      this.#parser = null;
      throw new Error(`the bash grammar could not be loaded (${(error as Error).message ?? String(error)}); reinstall Ursa`);
    });
    return this.#parser;
  }

  async #load(): Promise<Parser> {
    const signal = AbortSignal.timeout(LOAD_TIMEOUT_MS);
    const files = this.#files();
    const [treeSitter, runtime, bash] = await Promise.all([import("web-tree-sitter"), this.#readBytes(files.runtime, signal), this.#readBytes(files.bash, signal)]);
    await initRuntime(treeSitter.Parser, runtime);
    const language = await treeSitter.Language.load(bash);
    const parser = new treeSitter.Parser();
    parser.setLanguage(language);
    return parser;
  }
}

/** The runtime is process-wide: initialised once, whoever asks first. */
let runtimeReady: Promise<void> | null = null;

function initRuntime(parser: typeof Parser, wasmBinary: Uint8Array): Promise<void> {
  runtimeReady ??= parser.init({ wasmBinary: wasmBinary as unknown as ArrayBuffer }).catch((error: unknown) => {
    runtimeReady = null;
    throw error;
  });
  return runtimeReady;
}
