import { normalizePath } from "#plugin-api";
import { ruleFor } from "./command-rules.ts";
import { assignmentRisk } from "./environment.ts";
import type { Command, Redirect, Script, SimpleCommand, Word } from "./shell-ast.ts";
import { parseShell } from "./shell-parser.ts";
import { worst, type RuleContext, type ShellEffect, type Stdin } from "./rule.ts";

/**
 * Classifies a bash command for the trust matrix: the worst effect of every command it may
 * run, nested ones included ($(…), `…`, <(…), sh -c '…', xargs, find -exec, wrappers such as
 * env, nice, timeout). Commands it does not know are local_mutation; syntax it cannot read,
 * and programs it cannot see (eval, `$CMD args`, `curl … | sh`), are destructive. A UX layer,
 * not a sandbox: it decides when to ask, and errs towards asking.
 */
export function classifyBashCommand(command: string): ShellEffect {
  return analyze(command).effect;
}

/**
 * Paths the command names as places it writes or works in: files written by `>`, `>>`, `&>`
 * and tee (`/dev/null` and the like excepted), and `cd` targets, with relative paths after a
 * `cd` resolved against it. Relative results are relative to the directory the command starts
 * in; `~` is left for the caller to expand. Paths known only at run time are not listed.
 */
export function redirectTargets(command: string): string[] {
  return analyze(command).targets;
}

function analyze(command: string): { effect: ShellEffect; targets: string[] } {
  const analyzer = new Analyzer();
  const effect = analyzer.source(command, { kind: "none" });
  return { effect, targets: [...analyzer.targets] };
}

/** Nesting (sh -c inside sh -c…) beyond which a command is not read further. */
const MAX_DEPTH = 16;
const WRITE_OPERATORS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const HARMLESS_FILES = /^\/dev\/(null|zero|stdout|stderr|tty|fd\/\d+)$/;
/** Writing here reaches devices or the kernel, not files. */
const SYSTEM_FILES = /^\/(dev|proc|sys)\//;
/** Directories whose programs are the system's own: `/usr/bin/cat` is cat, `./cat` may be anything. */
const SYSTEM_BIN_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin", "/opt/homebrew/bin"]);
/** A lone argument that asks any program for its version or help. */
const VERSION_QUERIES = new Set(["--version", "-version", "-V", "-v", "version", "--help", "-h", "help"]);

class Analyzer {
  readonly targets = new Set<string>();
  /** The working directory relative to where the command starts ("" there); null once unknown. */
  #cwd: string | null = "";
  #depth = 0;
  /** Standard input of commands that do not redirect it: what the enclosing shell got. */
  #stdin: Stdin = { kind: "none" };
  /** Set once PATH, LD_PRELOAD or the like is assigned: from then on `cat` may be any program. */
  #namesUntrusted = false;
  /** Functions being defined: a call to one from its own body recurses without end (a fork bomb). */
  readonly #defining: string[] = [];

  source(text: string, stdin: Stdin): ShellEffect {
    let script: Script;
    try {
      script = parseShell(text);
    } catch {
      return "destructive";
    }
    const outer = this.#stdin;
    this.#stdin = stdin;
    try {
      return this.script(script);
    } finally {
      this.#stdin = outer;
    }
  }

  private script(commands: Script): ShellEffect {
    return worst(...commands.map((c) => this.command(c)));
  }

  /** Runs `judge` as a child process would: a `cd` inside does not move the commands after it. */
  private scoped(judge: () => ShellEffect): ShellEffect {
    if (this.#depth >= MAX_DEPTH) return "destructive";
    const cwd = this.#cwd;
    this.#depth++;
    try {
      return judge();
    } finally {
      this.#cwd = cwd;
      this.#depth--;
    }
  }

  private command(command: Command): ShellEffect {
    switch (command.kind) {
      // The body is judged where it is defined. A call is still judged by its name: the
      // definition may not have run (`false && f() { :; }`, or inside a subshell).
      case "function":
        this.#defining.push(command.name);
        try {
          return this.script(command.body);
        } finally {
          this.#defining.pop();
        }
      case "group": {
        const body = command.subshell ? this.scoped(() => this.script(command.body)) : this.script(command.body);
        return worst(body, this.redirects(command.redirects));
      }
      case "simple": {
        const words = [...command.assigns, ...command.words];
        const expansions = worst(...words.map((w) => this.expansions(w)), ...words.map((w) => this.assignment(w)));
        const redirects = this.redirects(command.redirects);
        return worst(expansions, redirects, this.argv(command.words, this.stdinOf(command), false));
      }
    }
  }

  /**
   * A word that may assign an environment variable (`NAME=v cmd`, `export NAME=v`, `env NAME=v`):
   * a variable holding a command line is judged as that command; one that decides which
   * programs load makes every later command name untrustworthy.
   */
  private assignment(word: Word): ShellEffect {
    const risk = assignmentRisk(word.text);
    if (risk.kind === "loader") this.#namesUntrusted = true;
    if (risk.kind !== "command") return "read_only";
    return word.dynamic ? "destructive" : this.scoped(() => this.source(risk.value, { kind: "none" }));
  }

  /** The scripts that run to build a word. */
  private expansions(word: Word): ShellEffect {
    return worst(...word.subs.map((sub) => this.scoped(() => this.script(sub))));
  }

  private redirects(redirects: readonly Redirect[]): ShellEffect {
    let effect: ShellEffect = "read_only";
    for (const r of redirects) {
      effect = worst(effect, this.expansions(r.target), r.body ? this.expansions(r.body) : "read_only");
      // `>&2` duplicates a descriptor; `>&file` (bash's spelling of &>) writes a file.
      const writesFile = WRITE_OPERATORS.has(r.op) || (r.op === ">&" && !/^(\d+|-)$/.test(r.target.text));
      if (writesFile) effect = worst(effect, this.write(r.target.dynamic ? null : r.target.text));
    }
    return effect;
  }

  private stdinOf(command: SimpleCommand): Stdin {
    let stdin: Stdin = command.piped ? { kind: "pipe" } : this.#stdin;
    for (const r of command.redirects) {
      if (r.op === "<" || r.op === "<&" || r.op === "<>") stdin = { kind: "file" };
      else if (r.body) stdin = { kind: "text", text: r.body };
      else if (r.op === "<<<") stdin = { kind: "text", text: { ...r.target, text: `${r.target.text}\n` } };
    }
    return stdin;
  }

  /** Judges the command `words` names: its rule, or local_mutation for a command nobody listed. */
  private argv(words: readonly Word[], stdin: Stdin, moreArgs: boolean): ShellEffect {
    const [head, ...args] = words;
    if (!head) return "read_only";
    // `$CMD …`, `$(…) …`: which program runs is only known at run time.
    if (head.dynamic || this.#defining.includes(head.text)) return "destructive";
    const slash = head.text.lastIndexOf("/");
    const name = head.text.slice(slash + 1);
    const rule = ruleFor(name);
    let effect: ShellEffect;
    if (rule !== "destructive" && !moreArgs && args.length === 1 && !args[0]!.dynamic && VERSION_QUERIES.has(args[0]!.text)) effect = "read_only";
    else if (rule === undefined) effect = "local_mutation";
    else if (typeof rule === "string") effect = rule;
    else if ("custom" in rule) effect = rule.custom(this.context(args, stdin, moreArgs));
    else {
      effect = rule.args(this.context(args, stdin, moreArgs));
      if (moreArgs || args.some((a) => a.dynamic)) effect = worst(effect, "local_mutation");
    }
    // A program outside the system's directories (./cat), or found through a changed PATH, may
    // be anything: only its danger is believed.
    const systemProgram = slash < 0 ? !this.#namesUntrusted : SYSTEM_BIN_DIRS.has(head.text.slice(0, slash));
    return systemProgram || effect === "destructive" ? effect : worst(effect, "local_mutation");
  }

  private context(args: readonly Word[], stdin: Stdin, moreArgs: boolean): RuleContext {
    return {
      args,
      texts: args.map((a) => a.text),
      stdin,
      moreArgs,
      run: (words, options = {}) => this.argv(words, options.stdin ?? stdin, options.moreArgs ?? false),
      runScript: (text) => this.scoped(() => this.source(text, stdin)),
      write: (path) => this.write(path),
      cd: (path) => this.cd(path),
    };
  }

  private write(path: string | null): ShellEffect {
    // A `$` or backquote left in a path came from an expansion: where it points is known only at run time.
    if (path === null || /[$`]/.test(path)) return "local_mutation";
    if (HARMLESS_FILES.test(path)) return "read_only";
    this.targets.add(this.resolve(path));
    return SYSTEM_FILES.test(path) && !path.startsWith("/dev/shm/") ? "destructive" : "local_mutation";
  }

  private cd(path: string | null): void {
    const unknownBase = this.#cwd === null && path !== null && !path.startsWith("/") && !path.startsWith("~");
    if (path === null || unknownBase) {
      this.#cwd = null;
      return;
    }
    this.#cwd = this.resolve(path);
    this.targets.add(this.#cwd);
  }

  /** `path` after the `cd`s seen so far; `~` paths are kept as written (normalising would lose the `~`). */
  private resolve(path: string): string {
    if (path.startsWith("/") || path.startsWith("~") || !this.#cwd) return path;
    return this.#cwd.startsWith("~") ? `${this.#cwd}/${path}` : normalizePath(`${this.#cwd}/${path}`);
  }
}
