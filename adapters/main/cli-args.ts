import { parseArgs } from "node:util";
import { parseTrustMode, type TrustMode } from "../../core/domain/trust-mode.ts";

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
  readonly resume: string | undefined;
  readonly continue: boolean;
  readonly maxTokens: number | undefined;
  readonly thinkingBudget: number | undefined;
  readonly projectRoot: string | undefined;
}

/** A mistake on the command line: printed as one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
