import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { LOGGER } from "../../core/ports/logger.ts";
import { EXIT, runHeadless } from "../../ui/headless/run-headless.ts";
import { UsageError, type CliArgs } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";
import { CONFIGURED_PROVIDERS } from "./tokens.ts";
import { readStdin } from "./read-stdin.ts";

/** Runs Ursa for parsed arguments and returns the exit code. */
export async function run(args: CliArgs): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(args, process.env, process.cwd());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ursa: ${error.message}\nRun ursa --help for usage.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ursa: ${(error as Error).message}\n`);
    return EXIT.failed;
  }

  let prompt = args.prompt;
  if (prompt === "-" || (prompt === undefined && !process.stdin.isTTY)) prompt = (await readStdin()).trim();
  if (prompt === undefined) {
    process.stderr.write('ursa: the dashboard is not part of this build yet; run one turn with ursa -p "<prompt>" (see ursa --help).\n');
    return EXIT.usage;
  }
  if (prompt === "") {
    process.stderr.write("ursa: the prompt is empty.\n");
    return EXIT.usage;
  }
  const container = createContainer(config);
  const noKey = (await resolve(container, CONFIGURED_PROVIDERS)).missingKey(config.provider);
  if (noKey) {
    process.stderr.write(`ursa: ${noKey}\n`);
    await container.unbindAllAsync();
    return EXIT.failed;
  }

  const log = await resolve(container, LOGGER);
  try {
    log.info("headless run", { provider: config.provider, model: config.model, mode: args.mode ?? null, project: config.project.key });
    return await runHeadless({
      sessions: await resolve(container, SESSIONS_API),
      events: await resolve(container, EVENT_STREAM),
      prompt,
      format: args.outputFormat,
      mode: args.mode ?? (config.env["URSA_MODE"] ? config.mode : undefined),
      defaultMode: config.mode,
      resume: args.resume,
      continueLatest: args.continue,
      out: process.stdout,
      err: process.stderr,
      color: Boolean(process.stderr.isTTY) && !process.env["NO_COLOR"],
      onInterrupt: (handler) => {
        process.on("SIGINT", handler);
        process.on("SIGTERM", handler);
        return () => {
          process.off("SIGINT", handler);
          process.off("SIGTERM", handler);
        };
      },
    });
  } catch (error) {
    log.error("run failed", { error: (error as Error).stack ?? String(error) });
    process.stderr.write(`ursa: ${(error as Error).message} (details in ${config.logFile})\n`);
    return EXIT.failed;
  } finally {
    await container.unbindAllAsync();
  }
}
