import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "ini";

/**
 * The user's global ignore file, as git finds it: `core.excludesFile` from the XDG git config
 * and then ~/.gitconfig (the later wins), else `$XDG_CONFIG_HOME/git/ignore`. The file may not
 * exist. `[include]`d config files are not followed.
 */
export function globalExcludesFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env.XDG_CONFIG_HOME || join(home, ".config");
  let chosen: string | null = null;
  for (const config of [join(xdg, "git", "config"), join(home, ".gitconfig")]) chosen = excludesFileIn(config) ?? chosen;
  if (chosen === null) return join(xdg, "git", "ignore");
  return chosen.startsWith("~/") ? join(home, chosen.slice(2)) : chosen;
}

function excludesFileIn(configPath: string): string | null {
  let text: string;
  try {
    text = readFileSync(configPath, "utf8");
  } catch {
    return null;
  }
  // Section and key names are case-insensitive in git's config.
  const sections = Object.entries(parse(text)).filter(([name]) => name.toLowerCase() === "core");
  for (const [, section] of sections) {
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
      if (key.toLowerCase() === "excludesfile" && typeof value === "string" && value.trim() !== "") return value.trim();
    }
  }
  return null;
}
