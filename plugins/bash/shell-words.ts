import type { Node } from "web-tree-sitter";
import type { Script, Word, WordPart } from "./shell-ast.ts";

/** The command is not valid shell, or uses syntax this reader does not know. */
export class ShellSyntaxError extends Error {}

/** Parses nested shell source (a backquoted substitution, whose inner quoting the grammar does not read). */
export type NestedParse = (source: string) => Script;
/** Turns the statements below a node into commands. */
export type StatementsOf = (node: Node) => Script;

const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
};

/** Word nodes whose text is the value once backslashes are removed. */
const PLAIN = new Set(["word", "number", "extglob_pattern", "test_operator", "regex", "special_variable_name", "variable_name"]);

/** Builds Words from the grammar's word nodes (word, string, concatenation, expansions…). */
export class WordReader {
  readonly #statements: StatementsOf;
  readonly #nested: NestedParse;

  constructor(statements: StatementsOf, nested: NestedParse) {
    this.#statements = statements;
    this.#nested = nested;
  }

  word(node: Node): Word {
    const w = new WordBuilder();
    this.#add(node, w, { quoted: false, first: true });
    return w.build(node.text);
  }

  /** A word made of several nodes (an assignment's value after `NAME=`). */
  assignment(name: string, value: Node | null, raw: string, append: boolean): Word {
    const w = new WordBuilder();
    w.text(`${name}${append ? "+" : ""}=`);
    if (value) this.#add(value, w, { quoted: false, first: true });
    return w.build(raw);
  }

  /** A here-document body: literal when its delimiter is quoted, else expanded as in double quotes. */
  heredocBody(node: Node | null, expands: boolean): Word {
    const w = new WordBuilder();
    if (node && expands) for (const child of node.children) this.#add(child, w, { quoted: true, first: false });
    else if (node) w.text(node.text);
    return w.build(node?.text ?? "");
  }

  /** The scripts of every substitution below `node` (`$(…)`, backquotes, `<(…)`), for nodes that are not words. */
  substitutionsIn(node: Node): Script[] {
    if (node.type === "command_substitution" || node.type === "process_substitution") return [this.#substitution(node)];
    return node.children.flatMap((c) => this.substitutionsIn(c));
  }

  #add(node: Node, w: WordBuilder, at: { quoted: boolean; first: boolean }): void {
    const type = node.type;
    if (PLAIN.has(type)) {
      const text = at.quoted ? node.text : unescape(node.text);
      const tilde = !at.quoted && at.first ? /^~([A-Za-z0-9._-]*)(?=\/|$)/.exec(node.text) : null;
      if (tilde) {
        w.part({ kind: "tilde", user: tilde[1]! }, tilde[0]);
        w.text(unescape(node.text.slice(tilde[0].length)));
      } else w.text(text);
    } else if (type === "raw_string") w.text(node.text.slice(1, -1));
    else if (type === "ansi_c_string") w.text(decodeAnsiC(node.text.slice(2, -1)));
    else if (type === "string" || type === "translated_string") {
      for (const child of node.children) {
        if (child.type === "string_content") w.text(unescapeQuoted(child.text));
        else if (child.isNamed) this.#add(child, w, { quoted: true, first: false });
      }
    } else if (type === "heredoc_content") w.text(node.text);
    else if (type === "concatenation") node.children.forEach((child, i) => this.#add(child, w, { quoted: at.quoted, first: at.first && i === 0 }));
    else if (type === "simple_expansion" || type === "expansion") {
      const named = node.namedChildren;
      const only = named.length === 1 && named[0]!.type === "variable_name" && node.children.filter((c) => !c.isNamed).every((c) => ["$", "${", "}"].includes(c.type));
      w.part(only ? { kind: "variable", name: named[0]!.text } : { kind: "unknown" }, node.text);
      if (!only) for (const sub of this.substitutionsIn(node)) w.sub(sub);
    } else if (type === "command_substitution" || type === "process_substitution") {
      w.part({ kind: "unknown" }, node.text);
      w.sub(this.#substitution(node));
    } else if (node.isNamed) {
      // arithmetic_expansion, brace_expression and the like: run-time values.
      w.part({ kind: "unknown" }, node.text);
      for (const sub of this.substitutionsIn(node)) w.sub(sub);
    } else w.text(node.text);
  }

  #substitution(node: Node): Script {
    // Backquotes: the grammar leaves escaped inner backquotes as text; read the body as bash does.
    if (node.type === "command_substitution" && node.children[0]?.type === "`") {
      const text = node.text.slice(1, node.text.endsWith("`") ? -1 : undefined);
      return this.#nested(text.replace(/\\([$`\\])/g, "$1"));
    }
    return this.#statements(node);
  }
}

class WordBuilder {
  readonly #parts: WordPart[] = [];
  readonly #subs: Script[] = [];
  #text = "";
  #dynamic = false;

  text(text: string): void {
    this.#text += text;
    const last = this.#parts[this.#parts.length - 1];
    if (last?.kind === "text") this.#parts[this.#parts.length - 1] = { kind: "text", text: last.text + text };
    else if (text !== "") this.#parts.push({ kind: "text", text });
  }

  part(part: WordPart, written: string): void {
    this.#parts.push(part);
    this.#text += written;
    if (part.kind !== "tilde") this.#dynamic = true;
  }

  sub(script: Script): void {
    this.#subs.push(script);
  }

  build(raw: string): Word {
    return { text: this.#text, raw, dynamic: this.#dynamic, subs: this.#subs, parts: this.#parts };
  }
}

/** An unquoted word's value: a backslash keeps the next character, a backslash-newline vanishes. */
function unescape(text: string): string {
  return text.replace(/\\(\n|[\s\S])/g, (_, c: string) => (c === "\n" ? "" : c)).replace(/\\$/, "\\");
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline. */
function unescapeQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
}

/** The body of `$'…'`, decoded (so `$'\x72m'` is seen as `rm`). */
export function decodeAnsiC(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; ) {
    const c = body[i++]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[i++] ?? "";
    const digits = (max: number, digit: RegExp, radix: number): string => {
      let d = "";
      while (d.length < max && i < body.length && digit.test(body[i]!)) d += body[i++];
      return d === "" ? "" : String.fromCodePoint(Math.min(parseInt(d, radix), 0x10ffff));
    };
    const simple = ANSI_C_ESCAPES[e];
    if (simple !== undefined) out += simple;
    else if (e === "x" || e === "u" || e === "U") out += digits(e === "x" ? 2 : e === "u" ? 4 : 8, /[0-9a-fA-F]/, 16);
    else if (/[0-7]/.test(e)) {
      i--;
      out += digits(3, /[0-7]/, 8);
    } else if (e === "c") out += String.fromCharCode((body.charCodeAt(i++) || 0) & 0x1f);
    else out += `\\${e}`;
  }
  return out;
}

/** A word written out literally (an option's value split off, a find -exec placeholder). */
export function literal(text: string, dynamic = false): Word {
  return { text, raw: text, dynamic, subs: [], parts: dynamic ? [{ kind: "unknown" }] : [{ kind: "text", text }] };
}
