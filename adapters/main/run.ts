import { EXIT } from "../../ui/headless/exit-codes.ts";
import { UsageError, type CliArgs } from "./cli-args.ts";
import { existsSync } from "node:fs";
import { loadConfig, type AppConfig } from "./config.ts";
import { dashboardLook } from "./dashboard-look.ts";
import { projectMcpFile } from "./project-mcp.ts";
import { holdDuringStartUp } from "./start-up-hold.ts";
import { readStdin } from "./read-stdin.ts";
import type { Fail } from "./run-prompt.ts";
import type { TuiShell } from "../../ui/tui/shell.ts";
import type { SettledEngine } from "./dashboard-engine.ts";


/**
 * Runs Ursa for parsed arguments and returns the exit code. Only what both front ends need
 * loads here: the dashboard paints its first frame without the headless runner's code.
 */
export async function run(args: CliArgs, startedAt = Date.now()): Promise<number> {
  const fail: Fail = async (message, code, hint = "") => {
    process.stderr.write(`ursa: ${message}\n${hint}`);
    if (args.outputFormat !== "text") {
      const { earlyErrorResult } = await import("../../ui/headless/json-result.ts");
      process.stdout.write(`${JSON.stringify(earlyErrorResult(message, startedAt))}\n`);
    }
    return code;
  };
  let config: AppConfig;
  try {
    config = loadConfig(args, process.env, process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return await fail(error.message, EXIT.usage, "Run ursa --help for usage.\n");
    return await fail((error as Error).message, EXIT.failed);
  }

  // The environment wins over keys.json: a broken file is worth a warning, not a failed run.
  if (config.keysProblem) process.stderr.write(`ursa: warning: ${config.keysProblem} (its keys were not used).\n`);

  let prompt = args.prompt;
  if (prompt === "-" || (prompt === undefined && !process.stdin.isTTY)) prompt = (await readStdin()).trim();
  else if (prompt !== undefined && !process.stdin.isTTY) {
    // `cat log | ursa -p "explain"`: the piped text joins the prompt, as with `claude -p`.
    const piped = (await readStdin()).trim();
    if (piped !== "") prompt = `${prompt}\n\n${piped}`;
  }
  // The dashboard paints first and loads the engine (container, store, plugins) after.
  if (prompt === undefined) return dashboard(config, args);
  // The dashboard shows these among its startup warnings; a headless run says them here.
  for (const warning of config.permissions.warnings) process.stderr.write(`ursa: warning: ${warning}\n`);
  return (await import("./run-prompt.ts")).runPrompt(args, config, prompt, fail, startedAt);
}

/**
 * The dashboard's skeleton is painted first (ui/tui/shell.ts), then the dashboard's code loads
 * and takes over its screen. A project .mcp.json nobody decided about is asked about on the
 * plain terminal before the dashboard, so then there is no skeleton; the decision is kept in the
 * engine's database, so only a project with a .mcp.json starts the engine before the frame.
 */
async function dashboard(config: AppConfig, args: CliArgs): Promise<number> {
  const releaseStartUpHold = holdDuringStartUp();
  let settled: SettledEngine | null = null;
  let shell: TuiShell | null = null;
  let handedOver = false;
  try {
    if (existsSync(projectMcpFile(config.project.root))) settled = await (await import("./dashboard-engine.ts")).settleProjectServersFirst(config);
    if (!settled?.asked) shell = await (await import("../../ui/tui/shell.ts")).paintShell(dashboardLook(config));
    // Lets a test type into the skeleton before the dashboard can take keys.
    const delayMs = Number(config.env["URSA_TEST_DASHBOARD_DELAY_MS"] ?? 0);
    if (shell && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const { runDashboard } = await import("./run-dashboard.ts");
    handedOver = true; // runDashboard shuts the engine down, however it ends
    return await runDashboard(config, args, { shell, releaseStartUpHold, settled });
  } catch (error) {
    shell?.close();
    if (settled && !handedOver) await (await import("./shut-down.ts")).shutDown(settled.engine);
    throw error;
  } finally {
    releaseStartUpHold();
  }
}
