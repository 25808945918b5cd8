import { FILE_COMMAND_RULES } from "./file-commands.ts";
import { git } from "./git-rules.ts";
import { INTERPRETER_RULES } from "./interpreters.ts";
import type { Rule } from "./rule.ts";
import { ELSEWHERE_RULES } from "./elsewhere.ts";
import { TOOL_RULES } from "./tool-rules.ts";
import { WRAPPER_RULES } from "./wrappers.ts";
import { WRITING_PROGRAM_RULES } from "./writing-programs.ts";

/**
 * Commands that delete, overwrite devices, change ownership, stop processes, run unseen code or
 * act as another user (koda's DANGER_CHECKS commands, plus their close relatives). sudo and
 * friends are destructive whatever they run: root can reach beyond the project, and a
 * password prompt cannot be answered here anyway.
 */
const DESTRUCTIVE = [
  "rm", "rmdir", "unlink", "shred", "srm", "wipe", "rimraf", "dd", "truncate",
  "mkfs", "mke2fs", "mkswap", "fdisk", "sfdisk", "cfdisk", "gdisk", "parted", "wipefs",
  "chown", "chgrp", "kill", "killall", "pkill", "xkill", "eval",
  "reboot", "shutdown", "halt", "poweroff", "sudo", "su", "doas", "pkexec", "run0",
];

/** Commands that only read and print, whatever their arguments (koda's READ_ONLY_PREFIXES and kin). */
const READ_ONLY = [
  "cat", "head", "tail", "more", "bat", "batcat", "wc", "file", "stat", "ls", "exa", "eza", "du", "df", "pwd",
  "grep", "egrep", "fgrep", "ag", "ack", "fzf", "echo", "printf", "whoami", "id", "groups", "who", "users", "uname", "arch",
  "nproc", "uptime", "free", "lscpu", "lsblk", "lsof", "ps", "pgrep", "pidof", "which", "whereis", "type", "hash", "printenv",
  "locale", "tty", "tput", "getconf", "cut", "tr", "diff", "cmp", "comm", "jq", "join", "paste", "column", "nl", "fold", "fmt",
  "expand", "unexpand", "tac", "rev", "od", "hexdump", "strings", "seq", "factor", "expr", "md5sum", "sha1sum", "sha224sum",
  "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "sum", "base64", "base32", "dirname", "basename", "realpath",
  "readlink", "true", "false", "test", "[", ":", "sleep", "wait", "jobs", "man", "info", "help", "apropos", "whatis",
  // Builtins that only change the shell's own state, gone when the command ends.
  "export", "unset", "set", "shopt", "declare", "typeset", "local", "readonly", "let", "read", "shift", "exit", "return",
  "break", "continue", "umask", "ulimit", "getopts", "mapfile", "readarray", "dirs",
  // The parser's names for `[[ … ]]`, `(( … ))`, and the headers of for, select and case: only their expansions run.
  "[[", "((", "for", "select", "case",
];

const RULES = new Map<string, Rule>([
  ...READ_ONLY.map((name) => [name, "read_only"] as const),
  ...DESTRUCTIVE.map((name) => [name, "destructive"] as const),
  ...WRAPPER_RULES,
  ...INTERPRETER_RULES,
  ...FILE_COMMAND_RULES,
  ...TOOL_RULES,
  ...ELSEWHERE_RULES,
  ...WRITING_PROGRAM_RULES,
  ["git", git],
]);

/** The rule for a command name, or undefined for a command this classifier does not know. */
export function ruleFor(name: string): Rule | undefined {
  return RULES.get(name) ?? (/^mkfs\./.test(name) ? "destructive" : undefined);
}
