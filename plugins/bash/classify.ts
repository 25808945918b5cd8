import type { Parser } from "web-tree-sitter";
import { normalizePath } from "#plugin-api";
import { ruleFor } from "./command-rules.ts";
import { assignmentRisk } from "./environment.ts";
import { couldReach, dataDirMatches, isGlob, mayClimb } from "./glob-reach.ts";
import { namedPaths } from "./named-paths.ts";
import type { Command, Redirect, Script, SimpleCommand, Word } from "./shell-ast.ts";
import { assignState, cloneState, eitherDirectory, expandWord, initialState, mergeStates, sameState, type ShellPlaces, type ShellState } from "./shell-state.ts";
import { parseShell } from "./shell-tree.ts";
import { worst, type RuleContext, type ShellEffect, type Stdin } from "./rule.ts";
import { pathsInUnreadText } from "./unread-text.ts";
import { setsVariables } from "./variables.ts";

/** What a bash command may do, as far as can be told without running it. */
export interface ShellAnalysis {
  /**
   * The worst effect of every command it may run, nested ones included ($(…), `…`, <(…),
   * sh -c '…', xargs, find -exec, wrappers such as env, nice, timeout). Commands it does not
   * know are local_mutation; syntax it cannot read, and programs it cannot see (eval,
   * `$CMD args`, `curl … | sh`), are destructive.
   */
  readonly effect: ShellEffect;
  /**
   * Paths it writes or works in: files written by `>`, `>>`, `&>`, tee, cp, tar -f, curl -o…
   * (`/dev/null` and the like excepted), and `cd` targets, with relative paths after a `cd`
   * resolved against it. Relative results are relative to where the command starts; `~` is
   * left for the caller to expand.
   */
  readonly targets: readonly string[];
  /**
   * True when it writes or works somewhere only run time knows (`> $(…)`, `cd "$X" && make`,
   * `npm i -g`), writes through a link it made itself, or holds text the grammar could not
   * read: to be treated as outside the project.
   */
  readonly unknownPlaces: boolean;
  /** Every path it names, read or written, expanded where known: none may be inside Ursa's data directory. */
  readonly named: readonly string[];
}

/**
 * Reads a bash command for the trust matrix. A UX layer, not a sandbox: it decides when to
 * ask, and errs towards asking.
 */
export function analyzeShell(parser: Parser, command: string, places: ShellPlaces): ShellAnalysis {
  const analyzer = new Analyzer(parser, places);
  const effect = analyzer.source(command, { kind: "none" });
  return { effect, targets: [...analyzer.targets], unknownPlaces: analyzer.unknownPlaces, named: [...analyzer.named] };
}

/** Nesting (sh -c inside sh -c…, loops in loops) beyond which a command is not read further. */
const MAX_DEPTH = 16;
/** Loops nested deeper than this are not read (each level doubles the work): destructive. */
const MAX_LOOP_NESTING = 8;
const WRITE_OPERATORS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const HARMLESS_FILES = /^\/dev\/(null|zero|stdout|stderr|tty|fd\/\d+)$/;
/** Writing here reaches devices or the kernel, not files. */
const SYSTEM_FILES = /^\/(dev|proc|sys)\//;
/** Directories whose programs are the system's own: `/usr/bin/cat` is cat, `./cat` may be anything. */
const SYSTEM_BIN_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin", "/opt/homebrew/bin"]);
/** A lone argument that asks any program for its version or help. */
const VERSION_QUERIES = new Set(["--version", "-version", "-V", "-v", "version", "--help", "-h", "help"]);
/** Commands after which any variable may hold anything and the shell may be anywhere. */
const OPAQUE = new Set(["source", "."]);

class Analyzer {
  readonly targets = new Set<string>();
  readonly named = new Set<string>();
  unknownPlaces = false;
  #state: ShellState = initialState();
  /** Paths the command made into links: writing through them later may land anywhere. */
  readonly #links = new Set<string>();
  /** Functions defined so far that `cd` or set variables: after a call to one, neither is known. */
  readonly #functions = new Set<string>();
  #depth = 0;
  /** Loops inside loops being read (each is read twice, so nesting costs 2ⁿ). */
  #loops = 0;
  /** Standard input of commands that do not redirect it: what the enclosing shell got. */
  #stdin: Stdin = { kind: "none" };
  /** Set once PATH, LD_PRELOAD or the like is assigned: from then on `cat` may be any program. */
  #namesUntrusted = false;
  /** Functions being defined: a call to one from its own body recurses without end (a fork bomb). */
  readonly #defining: string[] = [];

  readonly #parser: Parser;
  readonly #places: ShellPlaces;

  constructor(parser: Parser, places: ShellPlaces) {
    this.#parser = parser;
    this.#places = places;
  }

  source(text: string, stdin: Stdin): ShellEffect {
    let script: Script;
    try {
      script = parseShell(this.#parser, text);
    } catch {
      // Asked about, whatever it is, and where it runs is unknown, so no allow rule covers it;
      // but a path in it (`cat ~/x/@(ursa|y)/keys.json`, an extglob the grammar cannot read)
      // may still be the data directory, refused outright.
      this.unknownPlaces = true;
      for (const token of pathsInUnreadText(text, this.#places)) for (const resolved of this.resolve(token) ?? []) this.#named(resolved);
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

  /**
   * Commands one after the other. When `failuresGoOn` (`a; b`), a `cd` that may fail leaves the
   * directory unknown: `cd sub; echo > x` writes sub/x, or ./x when sub is missing.
   */
  private script(commands: Script, failuresGoOn = true): ShellEffect {
    return worst(
      ...commands.map((c) => {
        const cwd = this.#state.cwd;
        const effect = this.command(c);
        if (failuresGoOn && this.#state.cwd !== cwd && c.kind === "simple") this.#state.cwd = eitherDirectory(cwd, this.#state.cwd);
        return effect;
      }),
    );
  }

  /** Runs `judge` as a child process would: a `cd` or assignment inside does not reach the commands after it. */
  private scoped(judge: () => ShellEffect): ShellEffect {
    if (this.#depth >= MAX_DEPTH) return "destructive";
    const state = cloneState(this.#state);
    this.#depth++;
    try {
      return judge();
    } finally {
      this.#state = state;
      this.#depth--;
    }
  }

  /** Runs `judge` as something that may or may not happen: afterwards only what both ways agree on is known. */
  private maybe(judge: () => ShellEffect, times = 1): ShellEffect {
    if (this.#depth >= MAX_DEPTH) return "destructive";
    const before = cloneState(this.#state);
    this.#depth++;
    try {
      let effect: ShellEffect = "read_only";
      for (let i = 0; i < times; i++) {
        effect = worst(effect, judge());
        assignState(this.#state, mergeStates(before, this.#state));
      }
      return effect;
    } finally {
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
          return this.scoped(() => {
            const before = cloneState(this.#state);
            const effect = this.script(command.body);
            // Calling a function that moves or sets variables leaves both unknown afterwards.
            if (!sameState(before, this.#state)) this.#functions.add(command.name);
            return effect;
          });
        } finally {
          this.#defining.pop();
        }
      case "group": {
        const stdin = this.#stdin;
        if (command.piped) this.#stdin = { kind: "pipe" };
        try {
          const body = command.subshell ? this.scoped(() => this.script(command.body)) : this.script(command.body);
          return worst(body, this.redirects(command.redirects));
        } finally {
          this.#stdin = stdin;
        }
      }
      case "and_or": {
        const before = cloneState(this.#state);
        // The right side of && runs only once the left succeeded: a `cd` there did happen.
        const left = this.script(command.left, false);
        // After a failure (||), what the left side changed may not have happened.
        if (command.op === "||") assignState(this.#state, mergeStates(before, this.#state));
        const right = this.maybe(() => this.script(command.right));
        return worst(left, right);
      }
      case "branches": {
        const head = this.script(command.head);
        if (command.variable) this.#state.vars.set(command.variable.name, this.loopValue(command.variable.values));
        const after = cloneState(this.#state);
        let ends = cloneState(this.#state);
        let arms: ShellEffect = "read_only";
        // A loop body is read twice: the second time from what the first may have changed.
        if (command.loop && ++this.#loops > MAX_LOOP_NESTING) return "destructive";
        try {
          for (const arm of command.arms) {
            assignState(this.#state, after);
            arms = worst(arms, this.maybe(() => this.script(arm), command.loop ? 2 : 1));
            ends = mergeStates(ends, this.#state);
          }
        } finally {
          if (command.loop) this.#loops--;
        }
        assignState(this.#state, ends);
        return worst(head, arms, this.redirects(command.redirects));
      }
      case "pipeline":
        return worst(...command.stages.map((stage) => this.scoped(() => this.command(stage))));
      case "simple":
        return this.simple(command);
    }
  }

  private simple(command: SimpleCommand): ShellEffect {
    const words = [...command.assigns, ...command.words];
    for (const word of [...words, ...command.redirects.map((r) => r.target)]) this.name(word);
    const expansions = worst(...words.map((w) => this.expansions(w)), ...words.map((w) => this.assignment(w)));
    if (command.words.length === 0) for (const word of command.assigns) this.setVariable(word);
    const redirects = this.redirects(command.redirects);
    const effect = worst(expansions, redirects, this.argv(command.words, this.stdinOf(command), false));
    const head = command.words[0]?.text ?? "";
    if (this.#functions.has(head) || OPAQUE.has(head)) {
      this.#state.opaque = true;
      this.#state.cwd = null;
    }
    setsVariables(head, command.words.slice(1), (name, value) => this.#state.vars.set(name, value === null ? null : this.expand(value)));
    return effect;
  }

  /**
   * A `for` variable's value, as far as a write through it is concerned: when every value is
   * known and relative without `..` (`for f in *.ts src/*.js`), each lands where the first does
   * (inside the directory the loop runs in), so the first stands for all; otherwise unknown.
   */
  private loopValue(values: readonly Word[] | null): string | null {
    const known = values?.map((w) => this.expand(w));
    if (!known || known.length === 0 || known.some((v) => v === null || v === "" || /^[/~-]/.test(v) || v.split("/").includes(".."))) return null;
    return known[0]!;
  }

  /** `NAME=value` alone on a command: a shell variable from here on. */
  private setVariable(word: Word): void {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(word.text);
    if (!m) return;
    const [prefix, name, append] = m as unknown as [string, string, string];
    const full = this.expand(word);
    const value = full === null ? null : full.slice(prefix.length);
    const old = append ? (this.#state.vars.get(name) ?? null) : "";
    this.#state.vars.set(name, value === null || old === null ? null : old + value);
  }

  private expand(word: Word): string | null {
    return expandWord(word, this.#state, this.#places);
  }

  /** Notes the paths a word names (for the data directory check), as far as they can be known. */
  private name(word: Word): void {
    const value = this.expand(word);
    for (const path of namedPaths(value ?? word.text, word.raw)) for (const resolved of this.resolve(path) ?? []) this.#named(resolved);
    // `${URSA_HOME:-…}`, `$URSA_HOME` in any expansion: the data directory, whatever follows.
    if (/\bURSA_HOME\b/.test(word.raw)) this.named.add(this.#places.dataDir);
    // Without URSA_HOME the data directory is $XDG_DATA_HOME/ursa: read so for this check only
    // (a guess must never make a write target look known).
    if (/\$\{?XDG_DATA_HOME\}?/.test(word.text)) {
      const parent = this.#places.dataDir.replace(/\/[^/]+\/?$/, "") || "/";
      for (const path of namedPaths(word.text.replace(/\$\{?XDG_DATA_HOME\}?/g, parent), "")) for (const resolved of this.resolve(path) ?? []) this.#named(resolved);
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
      if (writesFile) effect = worst(effect, this.write(this.expand(r.target)));
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
      if (moreArgs || args.some((a) => a.dynamic && this.expand(a) === null)) effect = worst(effect, "local_mutation");
    }
    // A program outside the system's directories (./cat), or found through a changed PATH, may
    // be anything: only its danger is believed.
    const systemProgram = slash < 0 ? !this.#namesUntrusted : SYSTEM_BIN_DIRS.has(head.text.slice(0, slash));
    return systemProgram || effect === "destructive" ? effect : worst(effect, "local_mutation");
  }

  private context(args: readonly Word[], stdin: Stdin, moreArgs: boolean): RuleContext {
    return {
      args,
      // What can be known is expanded (`$HOME/x` is `~/x`); the rest stays as written, `$` included.
      texts: args.map((a) => this.expand(a) ?? a.text),
      stdin,
      moreArgs,
      run: (words, options = {}) => this.argv(words, options.stdin ?? stdin, options.moreArgs ?? false),
      runScript: (text) => this.scoped(() => this.source(text, stdin)),
      write: (path) => this.write(path),
      cd: (path) => this.cd(path),
      link: (path) => this.link(path),
      names: (path) => {
        if (!/[$`]/.test(path)) for (const resolved of this.resolve(path) ?? []) this.#named(resolved);
      },
    };
  }

  private write(path: string | null): ShellEffect {
    // A `$` or backquote left in a path came from an expansion: where it points is known only at run time.
    const resolved = path === null || /[$`]/.test(path) || /^~[^/]/.test(path) || mayClimb(path) ? null : HARMLESS_FILES.test(path) ? [] : this.resolve(path);
    if (resolved === null) {
      this.unknownPlaces = true;
      return "local_mutation";
    }
    if (resolved.length === 0) return "read_only";
    for (const file of resolved) {
      if (this.#throughLink(file)) this.unknownPlaces = true;
      this.targets.add(file);
      this.#named(file);
    }
    return SYSTEM_FILES.test(path!) && !path!.startsWith("/dev/shm/") ? "destructive" : "local_mutation";
  }

  private link(path: string): void {
    const resolved = this.resolve(path);
    if (resolved === null) this.unknownPlaces = true;
    else for (const file of resolved) this.#links.add(normalizePath(file));
  }

  /** True when `file` is a link the command made, or lies below one (`./lnk/x` as well as `lnk/x`). */
  #throughLink(file: string): boolean {
    const normal = normalizePath(file);
    return [...this.#links].some((link) => normal === link || normal.startsWith(`${link}/`) || (isGlob(normal) && couldReach(normal, link)));
  }

  private cd(path: string | null): void {
    const resolved = path === null || /[$`]/.test(path) || /^~[^/]/.test(path) || mayClimb(path) ? null : this.resolve(path);
    this.#state.cwd = resolved;
    if (resolved === null) this.unknownPlaces = true;
    for (const dir of resolved ?? []) {
      this.targets.add(dir);
      this.#named(dir);
    }
  }

  /**
   * Notes a path the command names (absolute, `~/…` or relative to where it starts). A pattern
   * (`~/.local/share/urs?`) names every path it could match: the data directory too when it
   * could match it or anything inside it.
   */
  #named(path: string): void {
    this.named.add(path);
    const absolute = path.startsWith("/") || path.startsWith("~") ? path : normalizePath(`${this.#places.projectRoot}/${path}`);
    for (const match of dataDirMatches(absolute, this.#places.dataDir)) this.named.add(match);
  }

  /** Where `path` is after the `cd`s seen so far (null once the directory is unknown); `~` paths are kept as written. */
  private resolve(path: string): readonly string[] | null {
    if (path.startsWith("/")) return [normalizePath(path)];
    if (path.startsWith("~")) return [path];
    const cwds = this.#state.cwd;
    if (cwds === null) return null;
    return [...new Set(cwds.map((cwd) => (!cwd ? path : cwd.startsWith("~") ? `${cwd}/${path}` : normalizePath(`${cwd}/${path}`))))];
  }
}
