import { parseArgs } from "node:util";
import { parseTrustMode, type TrustMode } from "../../core/domain/trust-mode.ts";
import { splitRuleList } from "../../core/domain/permission-rules.ts";

export const OUTPUT_FORMATS = ["text", "json", "stream-json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CliArgs {
  readonly command: "version" | "help" | "run";
  /** The prompt for a headless turn: `-p`, a positional argument, or "-" for stdin. */
  readonly prompt: string | undefined;
  readonly outputFormat: OutputFormat;
  readonly mode: TrustMode | undefined;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly baseUrl: string | undefined;
  /** `--resume <id>`; "" for `--resume` without an id (a picker on a terminal, bad usage headless). */
  readonly resume: string | undefined;
  readonly continue: boolean;
  readonly maxTokens: number | undefined;
  readonly thinkingBudget: number | undefined;
  readonly projectRoot: string | undefined;
  /** Keep this run's session (and its sub-agents) off the sync server. */
  readonly localOnly: boolean;
  /** Model calls a headless run may make before it stops with `error_max_turns`. */
  readonly maxTurns: number | undefined;
  /** Dollars a headless run may spend before it stops with `error_max_budget_usd`. */
  readonly maxBudgetUsd: number | undefined;
  /** `--allowedTools` / `--disallowedTools`: permission rules for this run, one per entry. */
  readonly allowedTools: readonly string[];
  readonly disallowedTools: readonly string[];
  /** Replaces Ursa's system prompt for this run. */
  readonly systemPrompt: string | undefined;
  /** Added to the end of the system prompt for this run. */
  readonly appendSystemPrompt: string | undefined;
  /** Mirrors the debug log to stderr in a headless run. */
  readonly verbose: boolean;
  /** `--mcp-config <file>` (repeatable): MCP servers for this run only. */
  readonly mcpConfig: readonly string[];
}

/** A mistake on the command line: printed as one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `--resume` without an id (last, or before another option) asks which session: it becomes `--resume=`. */
function bareResume(argv: readonly string[]): string[] {
  return argv.map((arg, i) => ((arg === "--resume" || arg === "-r") && (argv[i + 1] === undefined || argv[i + 1]!.startsWith("-")) ? "--resume=" : arg));
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: bareResume(argv),
      allowPositionals: true,
      strict: true,
      options: {
        prompt: { type: "string", short: "p" },
        "output-format": { type: "string" },
        mode: { type: "string" },
        provider: { type: "string" },
        model: { type: "string" },
        "base-url": { type: "string" },
        resume: { type: "string", short: "r" },
        continue: { type: "boolean", short: "c" },
        "max-tokens": { type: "string" },
        "thinking-budget": { type: "string" },
        "project-root": { type: "string" },
        "local-only": { type: "boolean" },
        "max-turns": { type: "string" },
        "max-budget-usd": { type: "string" },
        allowedTools: { type: "string", multiple: true },
        "allowed-tools": { type: "string", multiple: true },
        disallowedTools: { type: "string", multiple: true },
        "disallowed-tools": { type: "string", multiple: true },
        "system-prompt": { type: "string" },
        "append-system-prompt": { type: "string" },
        verbose: { type: "boolean" },
        "mcp-config": { type: "string", multiple: true },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const v = parsed.values;
  const outputFormat = (v["output-format"] ?? "text") as OutputFormat;
  if (!OUTPUT_FORMATS.includes(outputFormat)) throw new UsageError(`--output-format must be one of ${OUTPUT_FORMATS.join(", ")}`);
  let mode: TrustMode | undefined;
  if (v.mode !== undefined) {
    mode = parseTrustMode(v.mode);
    if (!mode) throw new UsageError(`--mode must be plan, safe or auto (got "${v.mode}")`);
  }
  if (v.resume !== undefined && v.continue) throw new UsageError("use either --resume or --continue, not both");
  if (v.prompt !== undefined && parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" after -p`);
  return {
    command: v.version ? "version" : v.help ? "help" : "run",
    prompt: v.prompt ?? (parsed.positionals.length > 0 ? parsed.positionals.join(" ") : undefined),
    outputFormat,
    mode,
    provider: v.provider,
    model: v.model,
    baseUrl: httpUrl(v["base-url"], "--base-url"),
    resume: v.resume,
    continue: v.continue ?? false,
    maxTokens: positiveInt(v["max-tokens"], "--max-tokens"),
    thinkingBudget: positiveInt(v["thinking-budget"], "--thinking-budget"),
    projectRoot: v["project-root"],
    localOnly: v["local-only"] ?? false,
    maxTurns: positiveInt(v["max-turns"], "--max-turns"),
    maxBudgetUsd: positiveNumber(v["max-budget-usd"], "--max-budget-usd"),
    allowedTools: [...(v.allowedTools ?? []), ...(v["allowed-tools"] ?? [])].flatMap(splitRuleList),
    disallowedTools: [...(v.disallowedTools ?? []), ...(v["disallowed-tools"] ?? [])].flatMap(splitRuleList),
    systemPrompt: v["system-prompt"],
    appendSystemPrompt: v["append-system-prompt"],
    verbose: v.verbose ?? false,
    mcpConfig: v["mcp-config"] ?? [],
  };
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number (got "${text}")`);
  return n;
}

/** An http(s) URL, or bad usage: a typo must not be retried against the network for a minute. */
function httpUrl(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(`${flag} must be an http:// or https:// URL (got "${text}")`);
  }
  return text;
}

function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || text.trim() === "") throw new UsageError(`${flag} must be a positive number (got "${text}")`);
  return n;
}

/**
 * The output format asked for, read from the raw arguments: when the command line itself is
 * wrong, a script that asked for JSON still gets a JSON result.
 */
export function requestedFormat(argv: readonly string[]): OutputFormat {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === "--output-format" ? argv[i + 1] : arg.startsWith("--output-format=") ? arg.slice("--output-format=".length) : undefined;
    if (value !== undefined && (OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  }
  return "text";
}
