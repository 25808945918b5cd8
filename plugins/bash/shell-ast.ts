/**
 * The shape of a shell command as the classifier needs it: which programs run, with which
 * words, which files are redirected to, and which nested scripts run to build a word.
 * Control flow (if, while, &&, |) is flattened away: every command that may run is listed,
 * because the classifier judges the worst one.
 */

/** One shell word after quote removal. */
export interface Word {
  /** The value with quotes removed; an expansion stays as written ($HOME, $(…)). */
  readonly text: string;
  /** The source text, quotes included: the keyword `if` is not the word "if". */
  readonly raw: string;
  /** True when part of the value is only known at run time (parameter, command or arithmetic expansion). */
  readonly dynamic: boolean;
  /** Scripts the shell runs to build this word: $(…), `…`, <(…), >(…). */
  readonly subs: readonly Script[];
}

export interface Redirect {
  /** ">", ">>", ">|", "&>", "&>>", "<>", ">&", "<", "<&", "<<", "<<-", "<<<". */
  readonly op: string;
  /** The file, the descriptor (`2>&1`), the here-string, or a here-document's delimiter. */
  readonly target: Word;
  /** A here-document's body (set once the parser reaches it); its expansions are in `subs`. */
  body?: Word;
}

export interface SimpleCommand {
  readonly kind: "simple";
  /** `NAME=value` words before the command name. */
  readonly assigns: readonly Word[];
  /** The command name and its arguments. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  /** True when its standard input is the previous command's output (`a | b`). */
  readonly piped: boolean;
}

/** `( … )` (a subshell) or `{ …; }`, or a compound command such as `case` with its redirections. */
export interface Group {
  readonly kind: "group";
  readonly subshell: boolean;
  readonly body: Script;
  readonly redirects: readonly Redirect[];
}

export interface FunctionDef {
  readonly kind: "function";
  readonly name: string;
  readonly body: readonly Command[];
}

export type Command = SimpleCommand | Group | FunctionDef;
export type Script = readonly Command[];
