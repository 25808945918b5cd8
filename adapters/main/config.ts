import { mkdirSync, realpathSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ProjectRef } from "../../core/domain/session-info.ts";
import { parseTrustMode, type TrustMode } from "../../core/domain/trust-mode.ts";
import { UsageError, type CliArgs } from "./cli-args.ts";
import { resolveDataDir } from "./data-dir.ts";
import { loadDeviceId } from "./device-id.ts";
import { locateProject } from "./project.ts";
import { readKeysFile } from "./keys-file.ts";
import { PROVIDER_ALIASES, PROVIDERS } from "./providers.ts";
import { PermissionSettings } from "./permission-settings.ts";
import { readServerFile, type ExtraServer } from "./project-mcp.ts";

/** Everything the composition root needs, resolved once: flag > environment > default. */
export interface AppConfig {
  readonly dataDir: string;
  readonly dbUrl: string;
  readonly logFile: string;
  readonly deviceId: string;
  readonly project: ProjectRef;
  /** Where Ursa was started (inside the project; instructions files are read down to here). */
  readonly workingDir: string;
  readonly isGitRepo: boolean;
  /** The provider for new sessions: --provider > URSA_PROVIDER > anthropic. */
  readonly provider: string;
  /** --provider and --model: they switch a resumed session too. */
  readonly providerFlag: string | undefined;
  readonly modelFlag: string | undefined;
  /** URSA_MODEL: the model for new sessions when --provider does not name another provider. */
  readonly defaultModel: string | undefined;
  readonly baseUrl: string | undefined;
  /** Keys from keys.json in the data directory (the environment wins over them). */
  readonly keys: Readonly<Record<string, string>>;
  /** What is wrong with keys.json (its keys are then not used), for a one-line warning. */
  readonly keysProblem: string | null;
  readonly mode: TrustMode;
  readonly maxTokens: number;
  readonly thinkingBudget: number | undefined;
  readonly scratchDirs: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Permission rules: settings files and --allowedTools / --disallowedTools. */
  readonly permissions: PermissionSettings;
  /** --system-prompt and --append-system-prompt. */
  readonly systemPrompt: string | undefined;
  readonly appendSystemPrompt: string | undefined;
  /** --verbose: the debug log mirrored to stderr (headless runs only; the dashboard owns the terminal). */
  readonly verbose: boolean;
  /** Servers from --mcp-config files, for this run only. */
  readonly mcpConfigServers: readonly ExtraServer[];
}

export const DEFAULT_MODE: TrustMode = "safe";

function realProject(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`the project directory ${path} does not exist`);
  }
}

/** The real path of a directory, created first (the data directory may not exist yet). */
function realDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return realpathSync(path);
}
export const DEFAULT_MAX_TOKENS = 16_384;

export function loadConfig(args: CliArgs, env: Record<string, string | undefined>, cwd: string): AppConfig {
  // Real paths (symlinks resolved) throughout: tools' paths are resolved before they are compared
  // with these, so a symlinked home or /tmp (macOS: /private/tmp) must not slip past.
  const dataDir = realDir(resolveDataDir(env, homedir()));
  // Started in a subdirectory of a repository, the project is the whole repository (unless --project-root says otherwise).
  const workingDir = realProject(resolve(cwd, args.projectRoot ?? "."));
  const located = locateProject(workingDir, { atRepositoryRoot: args.projectRoot === undefined });
  const explicit = args.provider ?? env["URSA_PROVIDER"];
  const typed = (explicit ?? "anthropic").toLowerCase();
  const providerName = PROVIDER_ALIASES[typed] ?? typed;
  if (!(providerName in PROVIDERS)) {
    throw new UsageError(`unknown provider "${providerName}"; available: ${Object.keys(PROVIDERS).join(", ")}`);
  }
  let mode = args.mode;
  if (!mode && env["URSA_MODE"]) {
    mode = parseTrustMode(env["URSA_MODE"]);
    if (!mode) throw new UsageError(`URSA_MODE must be plan, safe or auto (got "${env["URSA_MODE"]}")`);
  }
  return {
    dataDir,
    dbUrl: `file:${join(dataDir, "ursa.db")}`,
    logFile: join(dataDir, "logs", "ursa.log"),
    deviceId: loadDeviceId(dataDir),
    project: { root: located.root, key: located.key },
    workingDir,
    isGitRepo: located.isGitRepo,
    provider: providerName,
    providerFlag: args.provider === undefined ? undefined : providerName,
    modelFlag: args.model,
    defaultModel: args.provider === undefined ? env["URSA_MODEL"] : undefined,
    baseUrl: args.baseUrl,
    ...keysOf(readKeysFile(dataDir)),
    mode: mode ?? DEFAULT_MODE,
    maxTokens: args.maxTokens ?? DEFAULT_MAX_TOKENS,
    thinkingBudget: args.thinkingBudget,
    scratchDirs: [...new Set(["/tmp", tmpdir()].map(realDir))],
    env,
    permissions: new PermissionSettings({ dataDir, projectRoot: located.root, allowed: args.allowedTools, disallowed: args.disallowedTools }),
    systemPrompt: args.systemPrompt,
    appendSystemPrompt: args.appendSystemPrompt,
    verbose: args.verbose,
    mcpConfigServers: args.mcpConfig.flatMap((file) => {
      const servers = readServerFile(resolve(cwd, file));
      if (servers.length === 0) throw new UsageError(`--mcp-config ${file}: no usable MCP servers in it (or no such file)`);
      return servers;
    }),
  };
}

function keysOf(file: ReturnType<typeof readKeysFile>): { keys: Readonly<Record<string, string>>; keysProblem: string | null } {
  return { keys: file.keys, keysProblem: file.problem };
}
