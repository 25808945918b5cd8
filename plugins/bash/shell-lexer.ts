import type { Script, Word } from "./shell-ast.ts";

/** The command is not valid shell, or uses syntax this reader does not know. */
export class ShellSyntaxError extends Error {}

/** Characters that end an unquoted word. */
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
};

/** A word being read: its unquoted text so far, and what runs to build it. */
export interface Parts {
  text: string;
  dynamic: boolean;
  readonly subs: Script[];
}

export const emptyParts = (): Parts => ({ text: "", dynamic: false, subs: [] });

/**
 * Reads shell words: quoting (', ", $'…', backslashes) and expansions ($VAR, ${…}, $((…)),
 * and the nested scripts of $(…), `…`, <(…), >(…)). The parser that extends it reads the
 * structure around words and supplies the nested scripts.
 */
export abstract class ShellLexer {
  protected pos = 0;
  protected readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  /** Reads the script after `$(`, `<(` or `>(`, and its closing parenthesis. */
  protected abstract substitution(): Script;
  /** Parses the text of a backtick substitution, a script of its own. */
  protected abstract nested(source: string): Script;

  protected eof(): boolean {
    return this.pos >= this.src.length;
  }

  protected peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  protected startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  protected atWordEnd(offset = 0): boolean {
    const c = this.peek(offset);
    return c === "" || WORD_END.has(c);
  }

  /** True when the unquoted word `word` comes next (a reserved word such as `esac` or `}`). */
  protected atWord(word: string): boolean {
    return this.startsWith(word) && this.atWordEnd(word.length);
  }

  protected expect(text: string): void {
    if (!this.startsWith(text)) throw new ShellSyntaxError(`expected ${JSON.stringify(text)} at ${this.pos}`);
    this.pos += text.length;
  }

  /** Skips blanks, line continuations and comments (a `#` where a word could start begins one). */
  protected blanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t") this.pos++;
      else if (c === "\\" && this.peek(1) === "\n") this.pos += 2;
      else if (c === "#") while (!this.eof() && this.peek() !== "\n") this.pos++;
      else return;
    }
  }

  protected word(): Word {
    const start = this.pos;
    const p = emptyParts();
    if ((this.peek() === "<" || this.peek() === ">") && this.peek(1) === "(") {
      this.pos += 2;
      p.subs.push(this.substitution());
      p.dynamic = true;
      p.text = this.src.slice(start, this.pos);
    }
    while (!this.atWordEnd()) {
      const c = this.peek();
      if (c === "\\") {
        const next = this.peek(1);
        this.pos += 2;
        if (next !== "\n") p.text += next || "\\";
      } else if (c === "'") this.singleQuoted(p);
      else if (c === '"') {
        this.pos++;
        this.doubleQuoted(p, '"');
      } else if (c === "$") this.dollar(p, false);
      else if (c === "`") this.backtick(p);
      else {
        p.text += c;
        this.pos++;
      }
    }
    if (this.pos === start) throw new ShellSyntaxError(`unexpected ${JSON.stringify(this.peek())} at ${this.pos}`);
    return { text: p.text, raw: this.src.slice(start, this.pos), dynamic: p.dynamic, subs: p.subs };
  }

  /**
   * Reads up to `end` (a closing double quote), or to the end of the text when `end` is null (an
   * unquoted here-document body, where `"` is an ordinary character).
   */
  protected doubleQuoted(p: Parts, end: '"' | null): void {
    const escapable = end === null ? "$`\\\n" : '$`"\\\n';
    for (;;) {
      if (this.eof()) {
        if (end === null) return;
        throw new ShellSyntaxError("unterminated double quote");
      }
      const c = this.peek();
      const next = this.peek(1);
      if (c === end) {
        this.pos++;
        return;
      }
      if (c === "\\" && next !== "" && escapable.includes(next)) {
        this.pos += 2;
        if (next !== "\n") p.text += next;
      } else if (c === "$") this.dollar(p, true);
      else if (c === "`") this.backtick(p);
      else {
        p.text += c;
        this.pos++;
      }
    }
  }

  /** `$` and what follows: an expansion (dynamic), a quoting form, or a literal dollar sign. */
  protected dollar(p: Parts, inDoubleQuotes: boolean): void {
    const begin = this.pos;
    const next = this.peek(1);
    if (next === "'" && !inDoubleQuotes) {
      this.pos += 2;
      p.text += this.ansiC();
      return;
    }
    if (next === '"' && !inDoubleQuotes) {
      this.pos += 2;
      this.doubleQuoted(p, '"');
      return;
    }
    // Text inside an expansion is not the word's value: only the scripts it runs are kept.
    const inner: Parts = { text: "", dynamic: true, subs: p.subs };
    if (next === "(" && this.peek(2) === "(") {
      this.pos += 3;
      this.arithmetic(inner);
    } else if (next === "(") {
      this.pos += 2;
      p.subs.push(this.substitution());
    } else if (next === "{") {
      this.pos += 2;
      this.braced(inner, inDoubleQuotes);
    } else if (/[A-Za-z_]/.test(next)) {
      this.pos++;
      while (/[A-Za-z0-9_]/.test(this.peek())) this.pos++;
    } else if (next !== "" && "0123456789@*#?$!-".includes(next)) {
      this.pos += 2;
    } else {
      p.text += "$";
      this.pos++;
      return;
    }
    p.dynamic = true;
    p.text += this.src.slice(begin, this.pos);
  }

  /** The body of `$((…))` or `((…))` after the opening parentheses, through the closing `))`. */
  protected arithmetic(p: Parts): void {
    let depth = 0;
    for (;;) {
      if (this.eof()) throw new ShellSyntaxError("unterminated arithmetic expression");
      const c = this.peek();
      if (c === "$") {
        this.dollar(p, false);
        continue;
      }
      if (c === "`") {
        this.backtick(p);
        continue;
      }
      if (c === "(") depth++;
      else if (c === ")" && depth > 0) depth--;
      else if (c === ")") {
        this.expect("))");
        return;
      }
      this.pos++;
    }
  }

  /** The body of `${…}` after the opening brace, through the closing one. */
  protected braced(p: Parts, inDoubleQuotes: boolean): void {
    for (;;) {
      if (this.eof()) throw new ShellSyntaxError("unterminated ${");
      const c = this.peek();
      if (c === "}") {
        this.pos++;
        return;
      }
      if (c === "\\") this.pos += 2;
      else if (c === "'" && !inDoubleQuotes) this.singleQuoted(p);
      else if (c === '"') {
        this.pos++;
        this.doubleQuoted(p, '"');
      } else if (c === "$") this.dollar(p, inDoubleQuotes);
      else if (c === "`") this.backtick(p);
      else this.pos++;
    }
  }

  protected singleQuoted(p: Parts): void {
    const end = this.src.indexOf("'", this.pos + 1);
    if (end < 0) throw new ShellSyntaxError("unterminated single quote");
    p.text += this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
  }

  protected backtick(p: Parts): void {
    const begin = this.pos;
    this.pos++;
    let inner = "";
    for (;;) {
      if (this.eof()) throw new ShellSyntaxError("unterminated backquote");
      const c = this.peek();
      const next = this.peek(1);
      if (c === "`") break;
      if (c === "\\" && next !== "" && "$`\\".includes(next)) {
        inner += next;
        this.pos += 2;
      } else {
        inner += c;
        this.pos++;
      }
    }
    this.pos++;
    p.subs.push(this.nested(inner));
    p.dynamic = true;
    p.text += this.src.slice(begin, this.pos);
  }

  /** The body of `$'…'` after the opening quote, decoded (so `$'\x72m'` is seen as `rm`). */
  protected ansiC(): string {
    let out = "";
    for (;;) {
      if (this.eof()) throw new ShellSyntaxError("unterminated $'");
      const c = this.peek();
      this.pos++;
      if (c === "'") return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.peek();
      this.pos++;
      const simple = ANSI_C_ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === "x" || e === "u" || e === "U") out += this.codePoint(e === "x" ? 2 : e === "u" ? 4 : 8, /[0-9a-fA-F]/, 16);
      else if (/[0-7]/.test(e)) {
        this.pos--;
        out += this.codePoint(3, /[0-7]/, 8);
      } else if (e === "c") {
        out += String.fromCharCode(this.peek().charCodeAt(0) & 0x1f);
        this.pos++;
      } else out += `\\${e}`;
    }
  }

  private codePoint(maxDigits: number, digit: RegExp, radix: number): string {
    let digits = "";
    while (digits.length < maxDigits && digit.test(this.peek())) digits += this.src[this.pos++];
    return digits === "" ? "" : String.fromCodePoint(Math.min(parseInt(digits, radix), 0x10ffff));
  }
}
