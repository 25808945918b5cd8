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
