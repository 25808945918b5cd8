import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { closest } from "../../core/domain/closest-word.ts";
import { mergeRules, NO_RULES, parseRules, type PermissionDecision, type PermissionRules, parseRule } from "../../core/domain/permission-rules.ts";

/** The user's settings: in Ursa's data directory. */
export function userSettingsFile(dataDir: string): string {
  return join(dataDir, "settings.json");
}

/** The project's settings: `.ursa/settings.json`, kept in git so a team shares its rules. */
export function projectSettingsFile(projectRoot: string): string {
  return join(projectRoot, ".ursa", "settings.json");
}

/** A settings file that cannot be used: one line naming the file and what is wrong. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/**
 * The permission rules in force: `permissions: {allow, deny, ask}` from the user's and the
 * project's settings files, plus `--allowedTools` / `--disallowedTools` for this run. The files
 * are read again when they change, so a rule the dashboard's "always allow" writes (with `add`)
 * applies from the next tool call on.
 */
export class PermissionSettings {
  readonly #files: readonly string[];
  readonly #cli: PermissionRules;
  readonly #cache = new Map<string, { mtimeMs: number; rules: PermissionRules }>();
  readonly #onReloadError: (error: Error) => void;
  /** Keys of the files as first read that Ursa does not know (typos), one line each. */
  readonly warnings: readonly string[];

  constructor(options: { dataDir: string; projectRoot: string; allowed?: readonly string[]; disallowed?: readonly string[]; onReloadError?: (error: Error) => void }) {
    this.#files = [userSettingsFile(options.dataDir), projectSettingsFile(options.projectRoot)];
    try {
      this.#cli = parseRules({ allow: options.allowed ?? [], deny: options.disallowed ?? [] });
    } catch (error) {
      throw new SettingsError(`--allowedTools/--disallowedTools: ${(error as Error).message}`);
    }
    this.#onReloadError = options.onReloadError ?? (() => {});
    // Read now, so that a broken file stops the run before anything happens; the keys it
    // does not know are warned about from the same parse.
    const warnings: string[] = [];
    for (const file of this.#files) this.#read(file, true, (settings) => warnings.push(...unknownKeys(file, settings)));
    this.warnings = warnings;
  }

  /** The rules from every source; deny beats ask beats allow across them all. */
  rules(): PermissionRules {
    return mergeRules(...this.#files.map((file) => this.#read(file, false)), this.#cli);
  }

  /** Adds a rule to the user's or the project's settings file (other settings are kept). */
  add(scope: "user" | "project", decision: PermissionDecision, ruleText: string): void {
    const rule = parseRule(ruleText).text;
    const file = scope === "user" ? this.#files[0]! : this.#files[1]!;
    const settings = readJson(file) ?? {};
    const permissions = (typeof settings["permissions"] === "object" && settings["permissions"] !== null ? settings["permissions"] : {}) as Record<string, unknown>;
    const list = Array.isArray(permissions[decision]) ? (permissions[decision] as unknown[]) : [];
    if (!list.includes(rule)) list.push(rule);
    permissions[decision] = list;
    settings["permissions"] = permissions;
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`);
    renameSync(temp, file);
  }

  /** The file's rules, parsed again only when it changed; `parsed` sees the settings when they were. */
  #read(file: string, strict: boolean, parsed: (settings: Record<string, unknown>) => void = () => {}): PermissionRules {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      this.#cache.delete(file);
      return NO_RULES;
    }
    const cached = this.#cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.rules;
    try {
      const settings = readJson(file) ?? {};
      const rules = rulesOf(file, settings);
      this.#cache.set(file, { mtimeMs, rules });
      parsed(settings);
      return rules;
    } catch (error) {
      if (strict) throw error;
      this.#onReloadError(error as Error);
      return cached?.rules ?? NO_RULES;
    }
  }
}

function readJson(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser may quote the file's text, newlines and all: the message stays one line.
    throw new SettingsError(`${file} is not valid JSON (${(error as Error).message.replace(/\s+/g, " ")}); fix or remove it.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SettingsError(`${file} must hold a JSON object.`);
  return value as Record<string, unknown>;
}

function rulesOf(file: string, settings: Record<string, unknown>): PermissionRules {
  const permissions = settings["permissions"];
  if (permissions === undefined) return NO_RULES;
  if (typeof permissions !== "object" || permissions === null) throw new SettingsError(`${file}: "permissions" must be an object with allow, deny and ask lists.`);
  const lists: Record<string, string[]> = {};
  for (const key of ["allow", "deny", "ask"] as const) {
    const list = (permissions as Record<string, unknown>)[key] ?? [];
    if (!Array.isArray(list) || !list.every((r) => typeof r === "string")) throw new SettingsError(`${file}: permissions.${key} must be a list of rules such as "Bash(npm test:*)".`);
    lists[key] = list;
  }
  try {
    return parseRules(lists);
  } catch (error) {
    throw new SettingsError(`${file}: ${(error as Error).message}`);
  }
}

const KNOWN_KEYS = ["permissions"];
const KNOWN_PERMISSION_KEYS = ["allow", "deny", "ask"];

/** One warning per key Ursa would ignore, with the known key it is nearest to. */
function unknownKeys(file: string, settings: Record<string, unknown>): string[] {
  const warn = (key: string, shown: string, known: readonly string[]) => {
    const meant = closest(key, known, 3);
    return `${file}: unknown key "${shown}"${meant ? ` (did you mean "${meant}"?)` : ""}; it is ignored.`;
  };
  const permissions = settings["permissions"];
  const nested = typeof permissions === "object" && permissions !== null && !Array.isArray(permissions) ? Object.keys(permissions) : [];
  return [
    ...Object.keys(settings).filter((key) => !KNOWN_KEYS.includes(key) && key !== "$schema").map((key) => warn(key, key, KNOWN_KEYS)),
    ...nested.filter((key) => !KNOWN_PERMISSION_KEYS.includes(key)).map((key) => warn(key, `permissions.${key}`, KNOWN_PERMISSION_KEYS)),
  ];
}
