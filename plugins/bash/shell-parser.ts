import type { Command, Redirect, Script, SimpleCommand, Word } from "./shell-ast.ts";
import { expandBraces } from "./braces.ts";
import { PendingHeredocs } from "./heredocs.ts";
import { emptyParts, ShellLexer, ShellSyntaxError } from "./shell-lexer.ts";

/**
 * Parses a bash command into the commands it may run (see shell-ast.ts). Throws
 * ShellSyntaxError on text it cannot read; callers treat that as "cannot tell what runs".
 * Lenient where leniency only lists more commands (`&& &&`); strict where a misreading could
 * hide one (quotes, substitutions, here-documents).
 */
export function parseShell(source: string): Script {
  return new ShellParser(source).script();
}

const REDIRECT = /^(\d*)(&>>|&>|<<<|<<-|<<|<>|<&|>>|>&|>\||<|>)/;
const LIST_OPERATOR = /^(\|\||&&|\|&|;;&|;;|;&|\||;|&)/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
/** Reserved words that only shape control flow: the commands around them are what runs. */
const CONTROL_WORDS = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"];

const simple = (words: Word[], redirects: Redirect[] = [], piped = false): SimpleCommand => ({ kind: "simple", assigns: [], words, redirects, piped });

class ShellParser extends ShellLexer {
  readonly #heredocs = new PendingHeredocs();

  script(): Script {
    const commands = this.list(() => false);
    if (!this.eof()) throw new ShellSyntaxError(`unexpected ${JSON.stringify(this.peek())} at ${this.pos}`);
    this.heredocBodies();
    return commands;
  }

  /** A here-document body with an unquoted delimiter: expansions as in double quotes. */
  expandedBody(): Word {
    const p = emptyParts();
    this.doubleQuoted(p, null);
    return { text: p.text, raw: this.src, dynamic: p.dynamic, subs: p.subs };
  }

  protected substitution(): Script {
    const body = this.list(() => this.peek() === ")");
    this.expect(")");
    return body;
  }

  protected nested(source: string): Script {
    return parseShell(source);
  }

  private list(isEnd: () => boolean): Command[] {
    const out: Command[] = [];
    let piped = false;
    for (;;) {
      this.blanks();
      if (this.eof() || isEnd()) return out;
      if (this.peek() === "\n") {
        this.pos++;
        this.heredocBodies();
        continue;
      }
      const op = this.startsWith("&>") ? null : LIST_OPERATOR.exec(this.src.slice(this.pos, this.pos + 3));
      if (op) {
        this.pos += op[0].length;
        piped = op[0] === "|" || op[0] === "|&";
        continue;
      }
      if (this.peek() === ")") throw new ShellSyntaxError(`unexpected ")" at ${this.pos}`);
      out.push(...this.command(piped));
      piped = false;
    }
  }

  private command(piped: boolean): Command[] {
    if (this.startsWith("((")) {
      const arithmetic = this.arithmeticCommand();
      if (arithmetic) return [arithmetic];
    }
    if (this.peek() === "(") {
      this.pos++;
      const body = this.list(() => this.peek() === ")");
      this.expect(")");
      return [{ kind: "group", subshell: true, body, redirects: this.redirects() }];
    }
    if (this.atWord("{")) {
      this.pos++;
      const body = this.list(() => this.atWord("}"));
      this.expect("}");
      return [{ kind: "group", subshell: false, body, redirects: this.redirects() }];
    }
    const control = CONTROL_WORDS.find((w) => this.atWord(w));
    if (control) {
      this.pos += control.length;
      return [];
    }
    if (this.atWord("for") || this.atWord("select")) return [this.forHeader()];
    if (this.atWord("case")) return [this.caseCommand()];
    if (this.atWord("function")) return [this.functionKeyword()];
    if (this.atWord("[[")) return [this.conditional(piped)];
    if (this.atWord("}")) throw new ShellSyntaxError(`unexpected "}" at ${this.pos}`);
    return [this.simpleCommand(piped)];
  }

  private simpleCommand(piped: boolean): Command {
    const assigns: Word[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      this.blanks();
      const redirect = this.redirect();
      if (redirect) {
        redirects.push(redirect);
        continue;
      }
      if (this.peek() === "(" && words.length === 1 && assigns.length === 0 && redirects.length === 0) {
        this.pos++;
        this.blanks();
        this.expect(")");
        return this.functionDef(words[0]!.text);
      }
      if (this.atWordEnd() && !this.atProcessSubstitution()) break;
      const word = this.word();
      if (words.length > 0 || !ASSIGNMENT.test(word.raw)) words.push(...expandBraces(word));
      else assigns.push(word.raw.endsWith("=") && this.peek() === "(" ? this.arrayAssignment(word) : word);
    }
    if (assigns.length + words.length + redirects.length === 0) throw new ShellSyntaxError(`unexpected ${JSON.stringify(this.peek())} at ${this.pos}`);
    return { kind: "simple", assigns, words, redirects, piped };
  }

  /** `name=(a b c)`: one word carrying every element's expansions. */
  private arrayAssignment(name: Word): Word {
    this.pos++;
    const subs = [...name.subs];
    let dynamic = name.dynamic;
    for (;;) {
      this.skipNewlines();
      if (this.peek() === ")") break;
      const element = this.word();
      subs.push(...element.subs);
      dynamic ||= element.dynamic;
    }
    this.pos++;
    return { text: name.text, raw: name.raw, dynamic, subs };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      this.blanks();
      const redirect = this.redirect();
      if (!redirect) return out;
      out.push(redirect);
    }
  }

  private redirect(): Redirect | null {
    const m = REDIRECT.exec(this.src.slice(this.pos, this.pos + 24));
    if (!m) return null;
    const [all, fd, op] = m as unknown as [string, string, string];
    if ((op === "<" || op === ">") && fd === "" && this.peek(all.length) === "(") return null; // <(…) is a word
    this.pos += all.length;
    this.blanks();
    if (this.atWordEnd()) throw new ShellSyntaxError(`${op} without a target at ${this.pos}`);
    const target = this.word();
    const redirect: Redirect = { op, target };
    if (op === "<<" || op === "<<-") this.#heredocs.add(redirect);
    return redirect;
  }

  /** Reads the bodies of the here-documents opened on the line just ended. */
  private heredocBodies(): void {
    this.pos = this.#heredocs.read(this.src, this.pos, (body) => new ShellParser(body).expandedBody());
  }

  private atProcessSubstitution(): boolean {
    return (this.peek() === "<" || this.peek() === ">") && this.peek(1) === "(";
  }

  private skipNewlines(): void {
    for (;;) {
      this.blanks();
      if (this.peek() !== "\n") return;
      this.pos++;
      this.heredocBodies();
    }
  }

  /** `((expression))` as a command; null when it is really a subshell inside a subshell. */
  private arithmeticCommand(): Command | null {
    const start = this.pos;
    this.pos += 2;
    const p = emptyParts();
    try {
      this.arithmetic(p);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.pos = start;
      return null;
    }
    return simple([{ text: "((", raw: "((", dynamic: true, subs: p.subs }], this.redirects());
  }

  private functionDef(name: string): Command {
    this.skipNewlines();
    const body = this.command(false);
    if (body.length === 0) throw new ShellSyntaxError(`function ${name} has no body`);
    return { kind: "function", name, body };
  }

  private functionKeyword(): Command {
    this.pos += "function".length;
    this.blanks();
    const name = this.word();
    this.blanks();
    if (this.peek() === "(") {
      this.pos++;
      this.blanks();
      this.expect(")");
    }
    return this.functionDef(name.text);
  }

  /** `for NAME in WORDS` / `for ((…))` / `select …`: the words' expansions run; the body follows as a list. */
  private forHeader(): Command {
    const words = [this.word()];
    this.blanks();
    if (this.startsWith("((")) {
      this.pos += 2;
      const p = emptyParts();
      this.arithmetic(p);
      return simple([...words, { text: "((", raw: "((", dynamic: true, subs: p.subs }]);
    }
    words.push(this.word());
    this.skipNewlines();
    if (this.atWord("in")) {
      this.pos += 2;
      for (this.blanks(); !this.atWordEnd() || this.atProcessSubstitution(); this.blanks()) words.push(this.word());
    }
    return simple(words);
  }

  private caseCommand(): Command {
    const words = [this.word()];
    this.blanks();
    words.push(this.word());
    this.skipNewlines();
    if (!this.atWord("in")) throw new ShellSyntaxError(`expected "in" at ${this.pos}`);
    this.pos += 2;
    const body: Command[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.eof()) throw new ShellSyntaxError("unterminated case");
      if (this.atWord("esac")) {
        this.pos += 4;
        break;
      }
      if (this.peek() === "(") this.pos++;
      for (;;) {
        this.blanks();
        words.push(this.word());
        this.blanks();
        if (this.peek() !== "|") break;
        this.pos++;
      }
      this.expect(")");
      body.push(...this.list(() => this.startsWith(";;") || this.startsWith(";&") || this.atWord("esac")));
      const end = /^(;;&|;;|;&)/.exec(this.src.slice(this.pos, this.pos + 3));
      if (end) this.pos += end[0].length;
    }
    return { kind: "group", subshell: false, body: [simple(words), ...body], redirects: this.redirects() };
  }

  /** `[[ … ]]`: its operators (<, >, &&, parentheses) are not redirections or lists. */
  private conditional(piped: boolean): Command {
    const words = [this.word()];
    for (;;) {
      this.skipNewlines();
      if (this.eof()) throw new ShellSyntaxError("unterminated [[");
      if (this.atWord("]]")) {
        words.push(this.word());
        return simple(words, this.redirects(), piped);
      }
      const op = /^(&&|\|\||[<>()|&])/.exec(this.src.slice(this.pos, this.pos + 2));
      if (op) this.pos += op[0].length;
      else words.push(this.word());
    }
  }
}
