import { definePlugin, type FileSystem, type Plugin, type ProcessRunner, type ToolDefinition } from "#plugin-api";
import { analyzeShell, type ShellAnalysis } from "./classify.ts";
import { BASH_DESCRIPTION } from "./description.ts";
import { FULL_OUTPUT_CHARS, fullOutput, OutputTally, summarize } from "./output-summary.ts";
import { ShellGrammar, type ShellGrammarFiles } from "./shell-grammar.ts";
import type { ShellPlaces } from "./shell-state.ts";

export type { ShellGrammarFiles } from "./shell-grammar.ts";

interface BashInput {
  command: string;
  timeout?: number;
  description?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 300;

/** Reads commands with the grammar, remembering the last one: classify, paths and reach ask about the same call. */
export class ShellReader {
  #last: { command: string; analysis: ShellAnalysis } | null = null;

  readonly #grammar: ShellGrammar;
  readonly #places: ShellPlaces;

  constructor(grammar: ShellGrammar, places: ShellPlaces) {
    this.#grammar = grammar;
    this.#places = places;
  }

  async analyze(command: string): Promise<ShellAnalysis> {
    if (this.#last?.command === command) return this.#last.analysis;
    const analysis = analyzeShell(await this.#grammar.parser(), command, this.#places);
    this.#last = { command, analysis };
    return analysis;
  }
}

export function bashTool(runner: ProcessRunner, reader: ShellReader): ToolDefinition<BashInput> {
  return {
    name: "Bash",
    description: BASH_DESCRIPTION,
    aliases: ["shell", "run_command", "run_shell", "execute"],
    rerunnable: true,
    describe: (input) => `Bash ${input.command}`,
    parameters: {
      type: "object",
      properties: {
        command: { type: "string", minLength: 1, description: "The command, run with bash -c in the project root." },
        timeout: { type: "integer", minimum: 1, maximum: MAX_TIMEOUT_SECONDS, description: `Seconds before the command is killed (default ${DEFAULT_TIMEOUT_SECONDS}).` },
        description: { type: "string", description: "What the command does, in a few words, for the user." },
      },
      required: ["command"],
      additionalProperties: false,
    },
    classify: async (input) => (await reader.analyze(input.command)).effect,
    // The engine approves a destructive call without asking when every declared path is a file
    // the agent created (an owned Delete). A command's write targets say nothing about what
    // else it destroys, so a destructive command declares none (it always asks anyway).
    async paths(input) {
      const analysis = await reader.analyze(input.command);
      return analysis.effect === "destructive" ? [] : analysis.targets;
    },
    async reach(input) {
      const { named, unknownPlaces } = await reader.analyze(input.command);
      return { named, unknownPlaces };
    },
    changesUndeclaredFiles: true,
    async execute(input, ctx) {
      const timeoutSeconds = Math.min(MAX_TIMEOUT_SECONDS, input.timeout ?? DEFAULT_TIMEOUT_SECONDS);
      const tally = new OutputTally(ctx.caps.shellOutputLines, (line, isStderr) => ctx.emitOutputLine(line, isStderr));
      // Rejects when ctx.signal aborts, after the process group is dead: the interrupt propagates.
      const result = await runner.run(input.command, {
        cwd: ctx.projectRoot,
        timeoutMs: timeoutSeconds * 1000,
        signal: ctx.signal,
        maxOutputBytes: FULL_OUTPUT_CHARS,
        onLine: (line, stream) => tally.add(line, stream === "stderr"),
      });
      tally.finish();
      const outcome = { ...result, command: input.command, timeoutSeconds };
      return {
        output: summarize(outcome, tally, ctx.caps.toolResultChars),
        success: result.exitCode === 0 && !result.timedOut,
        fullOutput: fullOutput(outcome),
      };
    },
  };
}

/** A reader whose grammar's bytes come through `fs`, from the files the host located. */
export function shellReader(fs: FileSystem, grammarFiles: () => ShellGrammarFiles, places: ShellPlaces): ShellReader {
  return new ShellReader(new ShellGrammar(grammarFiles, (path, signal) => fs.readBytes(path, signal)), places);
}

/**
 * The Bash tool. `grammarFiles` says where the WebAssembly runtime and bash grammar are (the
 * host knows: next to its bundle, or in node_modules); it is asked on the first Bash call.
 */
export function bashPlugin(grammarFiles: () => ShellGrammarFiles): Plugin {
  return definePlugin({
    id: "ursa.bash",
    version: "1.0.0",
    apiVersion: 1,
    activate(ctx) {
      const reader = shellReader(ctx.fs, grammarFiles, { projectRoot: ctx.host.projectRoot, dataDir: ctx.host.dataDir });
      ctx.registerTool(bashTool(ctx.process, reader));
    },
  });
}
