import { definePlugin, type ProcessRunner, type ToolDefinition } from "#plugin-api";
import { classifyBashCommand, redirectTargets } from "./classify.ts";
import { BASH_DESCRIPTION } from "./description.ts";
import { FULL_OUTPUT_CHARS, fullOutput, OutputTally, summarize } from "./output-summary.ts";

interface BashInput {
  command: string;
  timeout?: number;
  description?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 300;

export function bashTool(runner: ProcessRunner): ToolDefinition<BashInput> {
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
    classify: (input) => classifyBashCommand(input.command),
    // The engine approves a destructive call without asking when every declared path is a file
    // the agent created (an owned Delete). A command's redirection targets say nothing about what
    // else it destroys, so a destructive command declares none (it always asks anyway).
    paths: (input) => (classifyBashCommand(input.command) === "destructive" ? [] : redirectTargets(input.command)),
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

export default definePlugin({
  id: "ursa.bash",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(bashTool(ctx.process));
  },
});
