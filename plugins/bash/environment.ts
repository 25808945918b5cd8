/**
 * Environment variables that change what code a command runs. `PATH=. cat x` may run any
 * program named cat; `GIT_EXTERNAL_DIFF='rm -rf' git diff` runs rm.
 */

/** Variables that hold a command line some program runs. */
const COMMAND_VARIABLES = new Set([
  "GIT_EXTERNAL_DIFF", "GIT_SSH_COMMAND", "GIT_SSH", "GIT_EDITOR", "GIT_PAGER", "GIT_SEQUENCE_EDITOR", "GIT_ASKPASS",
  "PAGER", "MANPAGER", "EDITOR", "VISUAL", "LESSOPEN", "LESSCLOSE", "PROMPT_COMMAND", "SSH_ASKPASS", "SUDO_ASKPASS",
]);

/** Variables that decide which programs or libraries load: after one is set, no command name can be trusted. */
const LOADER_VARIABLES = new Set([
  "PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH", "BASH_ENV", "ENV",
  "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB",
  "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_EXEC_PATH", "IFS",
]);

export type AssignmentRisk = { readonly kind: "none" } | { readonly kind: "loader" } | { readonly kind: "command"; readonly value: string };

/** What assigning `text` (`NAME=value`, as written before a command or given to export, env, declare) risks. */
export function assignmentRisk(text: string): AssignmentRisk {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\+?=([\s\S]*)$/.exec(text);
  if (!m) return { kind: "none" };
  const [, name, value] = m as unknown as [string, string, string];
  if (LOADER_VARIABLES.has(name)) return { kind: "loader" };
  return COMMAND_VARIABLES.has(name) ? { kind: "command", value } : { kind: "none" };
}
