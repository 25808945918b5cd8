import type { Node, Parser } from "web-tree-sitter";
import { expandBraces } from "./braces.ts";
import type { Command, Redirect, Script, SimpleCommand, Word } from "./shell-ast.ts";
import { literal, ShellSyntaxError, WordReader } from "./shell-words.ts";

/**
 * Reads tree-sitter-bash's syntax tree into the commands it may run (see shell-ast.ts). Throws
 * ShellSyntaxError on text the grammar could not read (an ERROR or MISSING node) or a node
 * this reader does not know; callers treat that as "cannot tell what runs".
 */
export function parseShell(parser: Parser, source: string): Script {
  const tree = parser.parse(source);
  if (!tree) throw new ShellSyntaxError("the shell grammar could not read the command");
  try {
    if (tree.rootNode.hasError) throw new ShellSyntaxError("the command is not valid shell");
    return new TreeReader(parser).statements(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Tokens that separate statements or only shape control flow. */
const SKIPPED = new Set(["comment", "heredoc_start", "heredoc_end", "heredoc_body"]);

class TreeReader {
  readonly #words: WordReader;

  constructor(parser: Parser) {
    this.#words = new WordReader(
      (node) => this.statements(node),
      (source) => parseShell(parser, source),
    );
  }

  /** The commands of a node holding statements (program, do_group, `{ }`, `( )`, `$( )`). */
  statements(node: Node): Command[] {
    return node.namedChildren.flatMap((child) => (SKIPPED.has(child.type) ? [] : this.statement(child, false)));
  }

  private statement(node: Node, piped: boolean): Command[] {
    switch (node.type) {
      case "command":
        return [this.command(node, piped)];
      case "variable_assignment":
      case "variable_assignments":
        return [simple({ assigns: this.assignments(node), piped })];
      case "declaration_command":
      case "unset_command":
        return [simple({ words: node.children.map((c) => this.argument(c)), piped })];
      case "redirected_statement":
        return this.redirected(node, piped);
      case "list": {
        const op = node.children.find((c) => c.type === "&&" || c.type === "||")?.type as "&&" | "||" | undefined;
        const [left, right] = node.namedChildren.filter((c) => c.type !== "comment");
        if (!op || !left || !right) throw new ShellSyntaxError(`a list without two sides: ${node.text}`);
        return [{ kind: "and_or", op, left: this.statement(left, piped), right: this.statement(right, false) }];
      }
      case "pipeline": {
        const stages = node.namedChildren.filter((c) => c.type !== "comment");
        return [{ kind: "pipeline", stages: stages.flatMap((stage, i) => this.statement(stage, piped || i > 0)) }];
      }
      case "negated_command":
        return node.namedChildren.flatMap((c) => this.statement(c, piped));
      case "subshell":
      case "compound_statement":
        if (node.children[0]?.type === "((") return [this.arithmetic(node)];
        return [{ kind: "group", subshell: node.type === "subshell", body: this.statements(node), redirects: [], piped }];
      case "function_definition": {
        const name = node.childForFieldName("name")?.text ?? "";
        const body = node.childForFieldName("body");
        if (!body) throw new ShellSyntaxError(`function ${name} has no body`);
        return [{ kind: "function", name, body: this.statement(body, false) }];
      }
      case "if_statement":
        return [this.ifStatement(node)];
      case "while_statement":
        return [this.whileStatement(node)];
      case "for_statement":
      case "c_style_for_statement":
        return [this.forStatement(node)];
      case "case_statement":
        return [this.caseStatement(node)];
      case "test_command":
        return [simple({ words: [literal("[["), this.runsInside(node)], piped })];
      case "comment":
        return [];
      default:
        throw new ShellSyntaxError(`unsupported shell syntax (${node.type}): ${node.text.slice(0, 80)}`);
    }
  }

  private command(node: Node, piped: boolean): SimpleCommand {
    const assigns: Word[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (const child of node.namedChildren) {
      if (child.type === "variable_assignment") assigns.push(...this.assignments(child));
      else if (child.type === "command_name") words.push(...expandBraces(this.#words.word(child.namedChildren[0] ?? child)));
      else if (isRedirect(child)) redirects.push(...this.redirect(child, words));
      else if (child.type !== "comment") words.push(...expandBraces(this.argument(child)));
    }
    return simple({ assigns, words, redirects, piped });
  }

  /** Redirections around a statement; a here-document's redirection may carry the commands that follow it. */
  private redirected(node: Node, piped: boolean): Command[] {
    const body = node.childForFieldName("body");
    const redirects: Redirect[] = [];
    const extraWords: Word[] = [];
    const after: Command[] = [];
    for (const child of node.namedChildren) if (isRedirect(child)) redirects.push(...this.redirect(child, extraWords, after));
    const commands = body ? this.statement(body, piped) : [simple({ piped })];
    const [first, ...rest] = commands;
    if (!first) return after;
    return [withRedirects(first, redirects, extraWords), ...rest, ...after];
  }

  /**
   * One redirection. Words the grammar hangs on it (`echo > f a b`: a and b) are the command's
   * arguments; statements after a here-document's start (`cat <<EOF | grep x`) follow it.
   */
  private redirect(node: Node, extraWords: Word[], after: Command[] = []): Redirect[] {
    const tokens = node.children.filter((c) => !c.isNamed).map((c) => c.type);
    if (node.type === "herestring_redirect") {
      const value = node.namedChildren.find((c) => c.type !== "file_descriptor");
      return [{ op: "<<<", target: value ? this.argument(value) : literal("") }];
    }
    if (node.type === "heredoc_redirect") {
      const start = node.namedChildren.find((c) => c.type === "heredoc_start");
      const bodyNode = node.namedChildren.find((c) => c.type === "heredoc_body") ?? null;
      const delimiter = start?.text ?? "";
      const expands = !/['"\\]/.test(delimiter);
      for (const child of node.namedChildren) {
        if (isRedirect(child)) after.push(simple({ redirects: this.redirect(child, extraWords, after) }));
        else if (!["heredoc_start", "heredoc_body", "heredoc_end", "file_descriptor", "comment"].includes(child.type)) {
          const piped = node.children[node.children.indexOf(child) - 1]?.type === "|";
          after.push(...this.statement(child, piped));
        }
      }
      return [{ op: tokens.includes("<<-") ? "<<-" : "<<", target: literal(delimiter), body: this.#words.heredocBody(bodyNode, expands) }];
    }
    const destinations = node.childrenForFieldName("destination");
    const op = tokens.find((t) => /^[<>&]/.test(t)) ?? ">";
    const [target, ...rest] = destinations;
    extraWords.push(...rest.map((w) => this.argument(w)));
    // `2>&-` closes a descriptor: the grammar gives no destination.
    return [{ op, target: target ? this.argument(target) : literal("-") }];
  }

  private argument(node: Node): Word {
    if (node.type === "variable_assignment") return this.assignments(node)[0]!;
    return this.#words.word(node);
  }

  private assignments(node: Node): Word[] {
    if (node.type === "variable_assignments") return node.namedChildren.flatMap((c) => this.assignments(c));
    const name = node.childForFieldName("name")?.text ?? node.namedChildren[0]?.text ?? "";
    const value = node.childForFieldName("value");
    const append = node.children.some((c) => c.type === "+=");
    if (value?.type === "array") {
      // `name=(a b c)`: one word carrying every element's expansions, known only at run time.
      const subs = this.#words.substitutionsIn(value);
      return [{ text: `${name}=`, raw: node.text, dynamic: true, subs, parts: [{ kind: "text", text: `${name}=` }, { kind: "unknown" }] }];
    }
    return [this.#words.assignment(name, value, node.text, append)];
  }

  /** A word standing for what runs inside an expression (`[[ … ]]`, `(( … ))`, a for header). */
  private runsInside(node: Node): Word {
    return { text: node.text, raw: node.text, dynamic: true, subs: this.#words.substitutionsIn(node), parts: [{ kind: "unknown" }] };
  }

  /** `(( … ))`: its substitutions run, and every variable it names may be assigned. */
  private arithmetic(node: Node): Command {
    return simple({ assigns: this.variablesIn(node), words: [literal("(("), this.runsInside(node)] });
  }

  /** Assignments of an unknown value to every variable named below `node`. */
  private variablesIn(node: Node): Word[] {
    const names = new Set<string>();
    const visit = (n: Node): void => {
      if (n.type === "variable_name" || (n.type === "word" && /^[A-Za-z_]\w*$/.test(n.text))) names.add(n.text);
      n.children.forEach(visit);
    };
    visit(node);
    return [...names].map(unknownAssignment);
  }

  private ifStatement(node: Node): Command {
    // if COND; then BODY [elif COND; then BODY]… [else BODY] fi
    const head: Command[] = [];
    const arms: Command[][] = [[]];
    let inCondition = true;
    for (const child of node.children) {
      if (child.type === "then") inCondition = false;
      else if (child.type === "elif_clause" || child.type === "else_clause") arms.push(this.statements(child));
      else if (child.isNamed && !SKIPPED.has(child.type)) (inCondition ? head : arms[0]!).push(...this.statement(child, false));
    }
    return { kind: "branches", head, arms, loop: false, redirects: [] };
  }

  private whileStatement(node: Node): Command {
    const condition = node.childForFieldName("condition");
    const head = condition ? this.statement(condition, false) : node.namedChildren.filter((c) => c.type !== "do_group").flatMap((c) => this.statement(c, false));
    const body = node.namedChildren.find((c) => c.type === "do_group");
    return { kind: "branches", head, arms: [[...head, ...(body ? this.statements(body) : [])]], loop: true, redirects: [] };
  }

  private forStatement(node: Node): Command {
    const body = node.namedChildren.find((c) => c.type === "do_group" || c.type === "compound_statement");
    const header = node.namedChildren.filter((c) => c !== body && c.startIndex !== body?.startIndex);
    const variable = node.type === "for_statement" ? node.childForFieldName("variable")?.text : undefined;
    const values = node.type === "for_statement" ? header.filter((c) => c.type !== "variable_name" && c.type !== "comment").flatMap((c) => expandBraces(this.argument(c))) : header.map((c) => this.runsInside(c));
    const assigns = variable ? [unknownAssignment(variable)] : header.flatMap((c) => this.variablesIn(c));
    const head: Command[] = [simple({ assigns }), simple({ words: [literal("for"), ...values] })];
    return { kind: "branches", head, arms: [body ? (body.type === "do_group" ? this.statements(body) : this.statement(body, false)) : []], loop: true, redirects: [] };
  }

  private caseStatement(node: Node): Command {
    const value = node.childForFieldName("value");
    const words = [literal("case"), ...(value ? [this.argument(value)] : [])];
    const arms: Command[][] = [];
    for (const item of node.namedChildren.filter((c) => c.type === "case_item")) {
      const patterns = item.childrenForFieldName("value");
      words.push(...patterns.map((p) => this.argument(p)));
      arms.push(item.namedChildren.filter((c) => !patterns.some((p) => p.startIndex === c.startIndex)).flatMap((c) => (SKIPPED.has(c.type) ? [] : this.statement(c, false))));
    }
    return { kind: "branches", head: [simple({ words })], arms, loop: false, redirects: [] };
  }
}

function isRedirect(node: Node): boolean {
  return node.type === "file_redirect" || node.type === "heredoc_redirect" || node.type === "herestring_redirect";
}

function simple(c: { assigns?: Word[]; words?: Word[]; redirects?: Redirect[]; piped?: boolean }): SimpleCommand {
  return { kind: "simple", assigns: c.assigns ?? [], words: c.words ?? [], redirects: c.redirects ?? [], piped: c.piped ?? false };
}

function unknownAssignment(name: string): Word {
  return { text: `${name}=`, raw: `${name}=`, dynamic: true, subs: [], parts: [{ kind: "text", text: `${name}=` }, { kind: "unknown" }] };
}

/** Adds a statement's redirections (and stray words) to the command they belong to. */
function withRedirects(command: Command, redirects: Redirect[], extraWords: Word[]): Command {
  switch (command.kind) {
    case "simple":
      return { ...command, words: [...command.words, ...extraWords], redirects: [...command.redirects, ...redirects] };
    case "group":
    case "branches":
      return { ...command, redirects: [...command.redirects, ...redirects] };
    default:
      // `a && b > f` read as `(a && b) > f`, or a function's redirections: kept around the whole.
      return { kind: "group", subshell: false, body: [command, ...(extraWords.length ? [simple({ words: extraWords })] : [])], redirects, piped: false };
  }
}
