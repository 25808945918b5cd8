/**
 * The shape of a shell command as the classifier needs it: which programs run, with which
 * words, which files are redirected to, which nested scripts run to build a word, and which
 * commands run only sometimes (after `&&`, in an `if` arm, in a loop), so that a `cd` or an
 * assignment there is known to be only possible.
 */

/** A piece of a word: what the shell puts together when it expands it. */
export type WordPart =
  | { readonly kind: "text"; readonly text: string }
  /** `~` or `~user` at the start of a word (or of an assignment's value). */
  | { readonly kind: "tilde"; readonly user: string }
  /** `$NAME` or `${NAME}`, nothing more. */
  | { readonly kind: "variable"; readonly name: string }
  /** Any other expansion: `$(…)`, backquotes, `${X:-…}`, `$1`, `$((…))`: known only at run time. */
  | { readonly kind: "unknown" };

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
  /** The pieces the value is made of, for expanding what can be known (`$HOME/x`). */
  readonly parts: readonly WordPart[];
}

export interface Redirect {
  /** ">", ">>", ">|", "&>", "&>>", "<>", ">&", "<", "<&", "<<", "<<-", "<<<". */
  readonly op: string;
  /** The file, the descriptor (`2>&1`), the here-string, or a here-document's delimiter. */
  readonly target: Word;
  /** A here-document's body; its expansions are in `subs`. */
  readonly body?: Word;
}

export interface SimpleCommand {
  readonly kind: "simple";
  /** `NAME=value` words before the command name (alone, they set shell variables). */
  readonly assigns: readonly Word[];
  /** The command name and its arguments. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  /** True when its standard input is the previous command's output (`a | b`). */
  readonly piped: boolean;
}

/** `( … )` (a subshell) or `{ …; }`, with its redirections. */
export interface Group {
  readonly kind: "group";
  readonly subshell: boolean;
  readonly body: Script;
  readonly redirects: readonly Redirect[];
  readonly piped: boolean;
}

export interface FunctionDef {
  readonly kind: "function";
  readonly name: string;
  readonly body: Script;
}

/** `a && b`, `a || b`: `right` runs only after `left` succeeded (&&) or failed (||). */
export interface AndOr {
  readonly kind: "and_or";
  readonly op: "&&" | "||";
  readonly left: Script;
  readonly right: Script;
}

/**
 * `if`, `case`, `while`, `until`, `for`: `head` runs, then any of `arms` may, each possibly
 * more than once when `loop` is set.
 */
export interface Branches {
  readonly kind: "branches";
  readonly head: Script;
  readonly arms: readonly Script[];
  readonly loop: boolean;
  readonly redirects: readonly Redirect[];
}

/** `a | b | c`: each stage runs in a subshell of its own. */
export interface Pipeline {
  readonly kind: "pipeline";
  readonly stages: readonly Command[];
}

export type Command = SimpleCommand | Group | FunctionDef | AndOr | Branches | Pipeline;
export type Script = readonly Command[];
