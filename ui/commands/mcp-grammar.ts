import { parseArgs, type ParseArgsConfig } from "node:util";
import { closest } from "../../core/domain/closest-word.ts";
import type { McpServerConfig } from "../../core/domain/mcp.ts";
import { mcpNameProblem, mcpUrlProblem } from "../../core/domain/mcp-server-checks.ts";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/**
 * One grammar for `ursa mcp …` (adapters/main/mcp-command.ts) and the dashboard's `/mcp …`
 * (ui/tui/mcp-commands.ts): node:util's parseArgs for each subcommand's options. A mistake
 * throws a RangeError whose message says what to write instead, in the surface's own words
 * (`ursa mcp add …` or `/mcp add …`), with "did you mean" for a mistyped subcommand or option.
 *   add <name> [options] -- <command> [args…]    options: --env K=V, --cwd <dir>
 *   add-http <name> <url> [options]              options: --header "Name: value"
 *   both: --startup-timeout <s>, --tool-timeout <s>, --enable-tools a,b, --disable-tools a,b
 */
export type McpCommand =
  | { readonly kind: "help" }
  | { readonly kind: "add"; readonly name: string; readonly config: McpServerConfig }
  | { readonly kind: "list"; readonly json: boolean }
  | { readonly kind: "get"; readonly name: string }
  | { readonly kind: "remove"; readonly name: string }
  | { readonly kind: "reconnect"; readonly name: string }
  | { readonly kind: "import"; readonly file: string }
  | { readonly kind: "approve"; readonly deny: boolean }
  | { readonly kind: "resources"; readonly server: string | undefined }
  | { readonly kind: "prompts"; readonly server: string | undefined }
  | { readonly kind: "attach"; readonly server: string; readonly uri: string }
  | { readonly kind: "prompt"; readonly server: string; readonly name: string; readonly args: Readonly<Record<string, string>> };

/** `ursa mcp` manages the stored configuration; the dashboard also talks to the running servers. */
export type McpSurface = "cli" | "dashboard";
const PREFIX: Readonly<Record<McpSurface, string>> = { cli: "ursa mcp", dashboard: "/mcp" };

const CLI_SUBCOMMANDS = ["add", "add-http", "list", "get", "remove", "import", "approve"] as const;
const DASHBOARD_SUBCOMMANDS = ["list", "add", "add-http", "remove", "reconnect", "resources", "attach", "prompts", "prompt"] as const;
export type McpCliCommand = Extract<McpCommand, { kind: "help" | "add" | (typeof CLI_SUBCOMMANDS)[number] }>;
export type McpDashboardCommand = Extract<McpCommand, { kind: "help" | "add" | (typeof DASHBOARD_SUBCOMMANDS)[number] }>;
const ALIASES: Readonly<Record<string, string>> = { ls: "list", rm: "remove", "--help": "help", "-h": "help" };

/** The words after `ursa mcp` or `/mcp`, as one command of `surface`. */
export function parseMcpCommand(words: readonly string[], surface: "cli"): McpCliCommand;
export function parseMcpCommand(words: readonly string[], surface: "dashboard"): McpDashboardCommand;
export function parseMcpCommand(words: readonly string[], surface: McpSurface): McpCommand {
  const [word, ...rest] = words;
  const known: readonly string[] = surface === "cli" ? CLI_SUBCOMMANDS : DASHBOARD_SUBCOMMANDS;
  const p = PREFIX[surface];
  if (word === undefined) throw new RangeError(`missing subcommand: ${listed(known)}`);
  const sub = ALIASES[word] ?? word;
  if (sub === "help") return { kind: "help" };
  if (!known.includes(sub)) {
    const near = closest(sub, known, 2);
    throw new RangeError(`unknown subcommand "${word}"; ${near ? `did you mean "${p} ${near}"? Use` : "use"} ${listed(known)}`);
  }
  switch (sub) {
    case "add":
      return { kind: "add", ...parseAdd(rest, p) };
    case "add-http":
      return { kind: "add", ...parseAddHttp(rest, p) };
    case "list":
      return { kind: "list", json: readWords(`${p} list`, rest, surface === "cli" ? { json: { type: "boolean" } } : {}, []).values["json"] === true };
    case "approve":
      return { kind: "approve", deny: readWords(`${p} approve`, rest, { deny: { type: "boolean" } }, []).values["deny"] === true };
    case "get":
    case "remove":
    case "reconnect":
      return { kind: sub, name: readWords(`${p} ${sub}`, rest, {}, ["<name>"]).positionals[0]! };
    case "import":
      return { kind: "import", file: readWords(`${p} import`, rest, {}, ["<file>"]).positionals[0]! };
    case "resources":
    case "prompts":
      return { kind: sub, server: readWords(`${p} ${sub}`, rest, {}, ["[server]"]).positionals[0] };
    case "attach": {
      const [server, uri] = readWords(`${p} attach`, rest, {}, ["<server>", "<uri>"]).positionals;
      return { kind: "attach", server: server!, uri: uri! };
    }
    default: {
      const [server, name, ...pairs] = readWords(`${p} prompt`, rest, {}, ["<server>", "<name>", "[key=value…]"]).positionals;
      const args: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf("=");
        if (eq <= 0) throw new RangeError(`${p} prompt takes its arguments as key=value (got "${pair}")`);
        args[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return { kind: "prompt", server: server!, name: name!, args };
    }
  }
}

interface McpAddition {
  readonly name: string;
  readonly config: McpServerConfig;
}

/** The options add and add-http share: timeouts and which of the server's tools to offer. */
const COMMON_OPTIONS = {
  "startup-timeout": { type: "string" },
  "tool-timeout": { type: "string" },
  "enable-tools": { type: "string", multiple: true },
  "disable-tools": { type: "string", multiple: true },
} as const satisfies ParseArgsOptionsConfig;
const ADD_OPTIONS = { env: { type: "string", short: "e", multiple: true }, cwd: { type: "string" }, ...COMMON_OPTIONS } as const satisfies ParseArgsOptionsConfig;
const ADD_HTTP_OPTIONS = { header: { type: "string", short: "H", multiple: true }, ...COMMON_OPTIONS } as const satisfies ParseArgsOptionsConfig;

/** `add <name> [options] -- <command> [args…]` (the words after `add`). */
function parseAdd(words: readonly string[], p: string): McpAddition {
  const name = checkedName(words[0], `${p} add`);
  const rest = words.slice(1);
  const { values, tokens } = parseArgs({ args: [...rest], options: ADD_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  // Options come before the command; everything from the command on belongs to the server.
  const first = tokens.find((t) => t.kind === "positional" || t.kind === "option-terminator");
  const separated = first?.kind === "option-terminator";
  const commandAt = first === undefined ? rest.length : first.index + (separated ? 1 : 0);
  checkOptions(`${p} add`, tokens.filter((t) => t.index < commandAt), ADD_OPTIONS);
  const [command, ...args] = rest.slice(commandAt);
  if (command === undefined || command === "") throw new RangeError(`${p} add needs the server's command: ${p} add <name> -- <command> [args…]`);
  // Without "--", an option after the command is ambiguous (was `--env A=1` meant for Ursa or the server?).
  const option = separated ? undefined : args.find((a) => a.startsWith("-"));
  if (option !== undefined) {
    throw new RangeError(
      `"${option}" comes after the command, so it is unclear whether it is for Ursa or for the server. ` +
        `Put Ursa's options before the command and "--" between them: ${p} add ${name} [options] -- ${[command, ...args].join(" ")}`,
    );
  }
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = String(pair).indexOf("=");
    if (eq <= 0) throw new RangeError(`--env takes KEY=VALUE (got "${pair}")`);
    env[String(pair).slice(0, eq)] = String(pair).slice(eq + 1);
  }
  const cwd = values.cwd === undefined ? {} : { cwd: String(values.cwd) };
  return { name, config: { transport: "stdio", command, args, ...(Object.keys(env).length > 0 ? { env } : {}), ...cwd, ...commonConfig(values) } };
}

/** `add-http <name> <url> [options]` (the words after `add-http`). */
function parseAddHttp(words: readonly string[], p: string): McpAddition {
  const name = checkedName(words[0], `${p} add-http`);
  const { values, positionals } = readWords(`${p} add-http`, words.slice(1), ADD_HTTP_OPTIONS, ["<url>"], `${p} add-http needs a URL: ${p} add-http <name> <url>`, ["<name>"]);
  const url = positionals[0]!;
  const problem = mcpUrlProblem(url);
  if (problem) throw new RangeError(problem);
  const headers: Record<string, string> = {};
  for (const header of (values["header"] ?? []) as string[]) {
    const colon = header.indexOf(":");
    if (colon <= 0) throw new RangeError(`--header takes "Name: value" (got "${header}")`);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  return { name, config: { transport: "http", url, ...(Object.keys(headers).length > 0 ? { headers } : {}), ...commonConfig(values) } };
}

type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

function commonConfig(values: Values): { startupTimeoutSec?: number; toolTimeoutSec?: number; enabledTools?: string[]; disabledTools?: string[] } {
  const seconds = (flag: string): number | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${flag} must be a positive number of seconds (got "${value}")`);
    return n;
  };
  const tools = (flag: string): string[] | undefined => {
    const given = values[flag] as string[] | undefined;
    if (given === undefined) return undefined;
    const names = given.flatMap((v) => v.split(",")).map((n) => n.trim()).filter((n) => n !== "");
    if (names.length === 0) throw new RangeError(`--${flag} takes tool names, comma separated`);
    return names;
  };
  const entries = { startupTimeoutSec: seconds("startup-timeout"), toolTimeoutSec: seconds("tool-timeout"), enabledTools: tools("enable-tools"), disabledTools: tools("disable-tools") };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/**
 * A subcommand's options and positionals (`sub` as the user writes it, e.g. `ursa mcp get`):
 * `names` says which (`<x>` required, `[x]` optional,
 * a last `[x…]` any number more); `missing` replaces the message for too few.
 */
function readWords(
  sub: string,
  words: readonly string[],
  options: ParseArgsOptionsConfig,
  names: readonly string[],
  missing?: string,
  /** What the caller read before `words` (add-http's `<name>`), for the usage line. */
  read: readonly string[] = [],
): { values: Values; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({ args: [...words], options, strict: false, allowPositionals: true, tokens: true });
  checkOptions(sub, tokens, options);
  const required = names.filter((n) => n.startsWith("<")).length;
  const more = names.at(-1)?.endsWith("…]") ?? false;
  const usage = [sub, ...read, ...names].join(" ");
  if (positionals.length < required) throw new RangeError(missing ?? `${sub} needs ${names.slice(positionals.length, required).join(" ")}: ${usage}`);
  if (!more && positionals.length > names.length) {
    throw new RangeError(names.length === 0 ? `${sub} takes no arguments (got "${positionals[0]}")` : `unexpected argument "${positionals[names.length]}": ${usage}`);
  }
  return { values: values as Values, positionals };
}

/** Every option known to `options`, each string option with a value and each boolean without. */
function checkOptions(sub: string, tokens: ReturnType<typeof parseArgs>["tokens"] & object, options: ParseArgsOptionsConfig): void {
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) {
      const near = closest(token.name, Object.keys(options), 2);
      throw new RangeError(`${sub} has no option ${token.rawName}${near ? `; did you mean --${near}?` : ""}`);
    }
    if (spec.type === "string" && token.value === undefined) throw new RangeError(`${token.rawName} needs a value`);
    // Lenient parsing takes the next word whatever it is: `--cwd --env A=1` is a missing value, not a directory "--env".
    if (spec.type === "string" && !token.inlineValue && token.value?.startsWith("-")) throw new RangeError(`${token.rawName} needs a value (got the option ${token.value})`);
    if (spec.type === "boolean" && token.value !== undefined) throw new RangeError(`${token.rawName} takes no value`);
  }
}

function checkedName(name: string | undefined, sub: string): string {
  if (name === undefined || name.startsWith("-")) throw new RangeError(`${sub} needs a server name first`);
  const problem = mcpNameProblem(name);
  if (problem) throw new RangeError(problem);
  return name;
}

function listed(names: readonly string[]): string {
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
