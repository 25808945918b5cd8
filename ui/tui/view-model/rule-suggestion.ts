/**
 * The "always allow" rule offered for a call, in Claude Code's syntax: a command's prefix
 * (`Bash(npm test:*)`: the program and its subcommand, not its arguments) or the tool itself
 * (`Write`, `WebFetch`).
 */
export function suggestRule(toolName: string, input: Readonly<Record<string, unknown>>): string {
  const command = input["command"];
  if (typeof command !== "string" || command.trim() === "") return toolName;
  const words = command.trim().split(/\s+/);
  const second = words[1];
  // Only programs known to take a subcommand keep their second word (`npm test`, `git status`);
  // for the rest (`echo one`, `ls src`) it is an argument.
  const prefix = second !== undefined && SUBCOMMANDS.has(words[0]!) && /^[A-Za-z][\w.-]*$/.test(second) ? `${words[0]} ${second}` : words[0]!;
  return `${toolName}(${prefix}:*)`;
}

const SUBCOMMANDS = new Set(["git", "npm", "pnpm", "yarn", "bun", "deno", "npx", "cargo", "go", "docker", "kubectl", "pip", "pip3", "uv", "poetry", "gh", "make", "dotnet", "mvn", "gradle"]);
