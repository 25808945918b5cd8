import type { McpServerConfig } from "./mcp.ts";

/**
 * One grammar for adding an MCP server, shared by `ursa mcp add` / `add-http` and the
 * dashboard's `/mcp add` / `/mcp add-http`. Mistakes throw a RangeError whose message says what
 * to write instead.
 *   add <name> [options] -- <command> [args…]    options: --env K=V, --cwd <dir>
 *   add-http <name> <url> [options]              options: --header "Name: value"
 *   both: --startup-timeout <s>, --tool-timeout <s>, --enable-tools a,b, --disable-tools a,b
 */
export interface McpAddition {
  readonly name: string;
  readonly config: McpServerConfig;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** Why a server name is unusable, or null. `__` is reserved: it separates server and tool in `server__tool`. */
export function mcpNameProblem(name: string): string | null {
  if (!NAME.test(name)) return `MCP server names may contain only letters, digits, "_" and "-" (got "${name}")`;
  if (name.includes("__")) return `MCP server names may not contain "__", which separates server and tool names (got "${name}")`;
  if (name.length > 40) return `MCP server names may have at most 40 characters (got ${name.length})`;
  return null;
}

/** Why a server URL is unusable, or null. A `${VAR}` inside is checked after expansion, at start. */
export function mcpUrlProblem(url: string): string | null {
  if (url.includes("${")) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a valid URL: "${url}"`;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : `the URL must start with http:// or https:// (got "${url}")`;
}

/** `add <name> [options] -- <command> [args…]` (the words after `add`). */
export function parseMcpAdd(words: readonly string[]): McpAddition {
  const name = checkedName(words[0], "add");
  const env: Record<string, string> = {};
  const common: Record<string, number | string[]> = {};
  let cwd: string | undefined;
  let i = 1;
  let separated = false;
  // Options come before the command; everything from the command on belongs to the server.
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") {
      i++;
      separated = true;
      break;
    }
    if (!word.startsWith("-")) break;
    const value = words[++i];
    if (value === undefined) throw new RangeError(`${word} needs a value`);
    if (word === "--env" || word === "-e") {
      const eq = value.indexOf("=");
      if (eq <= 0) throw new RangeError(`--env takes KEY=VALUE (got "${value}")`);
      env[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (word === "--cwd") cwd = value;
    else commonOption(word, value, common);
  }
  const [command, ...args] = words.slice(i);
  if (command === undefined || command === "") throw new RangeError("add needs the server's command: add <name> -- <command> [args…]");
  // Without "--", an option after the command is ambiguous (was `--env A=1` meant for Ursa or the server?).
  const option = separated ? undefined : args.find((a) => a.startsWith("-"));
  if (option !== undefined) {
    throw new RangeError(
      `"${option}" comes after the command, so it is unclear whether it is for Ursa or for the server. ` +
        `Put Ursa's options before the command and "--" between them: add ${name} [options] -- ${[command, ...args].join(" ")}`,
    );
  }
  return {
    name,
    config: { transport: "stdio", command, args, ...(Object.keys(env).length > 0 ? { env } : {}), ...(cwd !== undefined ? { cwd } : {}), ...common },
  };
}

/** `add-http <name> <url> [options]` (the words after `add-http`). */
export function parseMcpAddHttp(words: readonly string[]): McpAddition {
  const name = checkedName(words[0], "add-http");
  const url = words[1];
  if (url === undefined || url.startsWith("-")) throw new RangeError("add-http needs a URL: add-http <name> <url>");
  const problem = mcpUrlProblem(url);
  if (problem) throw new RangeError(problem);
  const headers: Record<string, string> = {};
  const common: Record<string, number | string[]> = {};
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    const value = words[++i];
    if (!word.startsWith("-")) throw new RangeError(`unexpected argument "${word}"`);
    if (value === undefined) throw new RangeError(`${word} needs a value`);
    if (word === "--header" || word === "-H") {
      const colon = value.indexOf(":");
      if (colon <= 0) throw new RangeError(`--header takes "Name: value" (got "${value}")`);
      headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
    } else commonOption(word, value, common);
  }
  return { name, config: { transport: "http", url, ...(Object.keys(headers).length > 0 ? { headers } : {}), ...common } };
}

/** The options add and add-http share: timeouts and which of the server's tools to offer. */
function commonOption(flag: string, value: string, into: Record<string, number | string[]>): void {
  if (flag === "--enable-tools" || flag === "--disable-tools") {
    const key = flag === "--enable-tools" ? "enabledTools" : "disabledTools";
    const names = value.split(",").map((n) => n.trim()).filter((n) => n !== "");
    if (names.length === 0) throw new RangeError(`${flag} takes tool names, comma separated`);
    into[key] = [...((into[key] as string[] | undefined) ?? []), ...names];
    return;
  }
  const key = flag === "--startup-timeout" ? "startupTimeoutSec" : flag === "--tool-timeout" ? "toolTimeoutSec" : null;
  if (!key) throw new RangeError(`unknown option ${flag}`);
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`${flag} must be a positive number of seconds (got "${value}")`);
  into[key] = seconds;
}

function checkedName(name: string | undefined, sub: string): string {
  if (name === undefined || name.startsWith("-")) throw new RangeError(`${sub} needs a server name first`);
  const problem = mcpNameProblem(name);
  if (problem) throw new RangeError(problem);
  return name;
}
