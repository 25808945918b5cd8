#!/usr/bin/env node
/**
 * Ursa's entry point. `--version` and `--help` answer before anything else loads; the rest of
 * the application is imported only when it is needed.
 */
import pkg from "../../package.json" with { type: "json" };
import { parseCliArgs, requestedFormat, UsageError } from "./cli-args.ts";
import { HELP } from "./help.ts";
import { suggestCommand } from "./command-suggestion.ts";

async function main(argv: readonly string[]): Promise<number> {
  const startedAt = Date.now();
  if (argv[0] === "mcp") {
    const { runMcpCommand } = await import("./mcp-command.ts");
    return runMcpCommand(argv.slice(1), { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() });
  }
  if (argv[0] === "plugin") {
    const { runPluginCommand } = await import("./plugin-command.ts");
    const terminal = process.stdin.isTTY ? { input: process.stdin, color: process.stdout.isTTY === true && !process.env["NO_COLOR"] } : null;
    return runPluginCommand(argv.slice(1), { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd(), terminal });
  }
  if (argv[0] === "sync") {
    const { runSyncCommand } = await import("./sync-command.ts");
    return runSyncCommand(argv.slice(1), { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() });
  }
  if (argv[0] === "sessions") {
    const { runSessionsCommand } = await import("./sessions-command.ts");
    const { askYesNo } = await import("./ask-yes-no.ts");
    return runSessionsCommand(argv.slice(1), {
      out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd(),
      ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: askYesNo } : {}),
    });
  }
  const suggestion = suggestCommand(argv);
  if (suggestion) {
    process.stderr.write(`ursa: "${argv[0]}" is not a command; did you mean ${suggestion}?\nTo send it to the model as a prompt: ursa -p "${argv[0]}"\n`);
    return 2;
  }
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ursa: ${error.message}\nRun ursa --help for usage.\n`);
    if (requestedFormat(argv) !== "text") {
      const { earlyErrorResult } = await import("../../ui/headless/json-result.ts");
      process.stdout.write(`${JSON.stringify(earlyErrorResult(error.message, startedAt))}\n`);
    }
    return 2;
  }
  if (args.command === "version") {
    process.stdout.write(`ursa ${pkg.version}\n`);
    return 0;
  }
  if (args.command === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const { run } = await import("./run.ts");
  return run(args, startedAt);
}

process.exitCode = await main(process.argv.slice(2));
