import { span, type Span, type Style } from "./styled.ts";

/**
 * A deliberately small highlighter for fenced code: strings, comments, numbers and the
 * keywords most languages share. A full grammar library would cost startup time for little
 * gain in a pane this size; a line is highlighted on its own, so a string or comment spanning
 * lines is not tracked.
 */
const KEYWORDS = new Set(
  (
    "if else for while do return function const let var class interface type import export from as new this " +
    "async await try catch finally throw switch case break continue default in of extends implements public private " +
    "protected static readonly def self elif pass lambda yield with fn pub mut impl struct enum match use mod package " +
    "func go defer chan select nil null undefined true false None True False and or not is"
  ).split(" "),
);

const TOKEN = /(\/\/.*$|#(?![\w{[]).*$|--\s.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|\b(\d[\d_.xXa-fA-F]*)\b|([A-Za-z_$][\w$]*)/g;

export function highlightCode(line: string, lang: string): Span[] {
  if (lang === "diff" || lang === "patch") return [diffSpan(line)];
  if (lang === "text" || lang === "txt" || lang === "") return [span(line, "code")];
  const out: Span[] = [];
  let at = 0;
  for (const m of line.matchAll(TOKEN)) {
    let style: Style | undefined;
    if (m[1] !== undefined) style = lang === "md" || lang === "markdown" ? undefined : "comment";
    else if (m[2] !== undefined) style = "string";
    else if (m[3] !== undefined) style = "number";
    else if (KEYWORDS.has(m[4]!)) style = "keyword";
    if (!style) continue;
    if (m.index > at) out.push(span(line.slice(at, m.index), "code"));
    out.push(span(m[0], style));
    at = m.index + m[0].length;
  }
  if (at < line.length || out.length === 0) out.push(span(line.slice(at), "code"));
  return out;
}

/** One line of a unified diff, coloured by its first character. */
export function diffSpan(line: string): Span {
  if (line.startsWith("+++") || line.startsWith("---")) return span(line, "bold");
  if (line.startsWith("+")) return span(line, "add");
  if (line.startsWith("-")) return span(line, "del");
  if (line.startsWith("@@")) return span(line, "hunk");
  return span(line, "dim");
}
