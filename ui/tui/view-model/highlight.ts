import { span, type Span, type Style } from "./styled.ts";

/**
 * Syntax highlighting of fenced code with highlight.js's grammars (through lowlight, which
 * returns a tree instead of HTML). The grammars are large, so they load with the dashboard's
 * first session (SessionView) or on the first code block; until then code is drawn plain.
 */
type Lowlight = ReturnType<typeof import("lowlight").createLowlight>;
type HastNode = { type: string; value?: string; properties?: { className?: unknown }; children?: HastNode[] };

let lowlight: Lowlight | null = null;
let loading: Promise<void> | null = null;

/** Starts loading the grammars once; resolves when they are ready (never rejects: code stays plain). */
export function loadHighlighter(): Promise<void> {
  loading ??= import("lowlight")
    .then((m) => {
      lowlight = m.createLowlight(m.common);
    })
    .catch(() => undefined);
  return loading;
}

/** highlight.js scopes, by the style that draws them; anything else is plain code. */
const SCOPES: Record<string, Style> = {
  keyword: "keyword", built_in: "keyword", literal: "keyword", type: "keyword", meta: "keyword", "selector-tag": "keyword",
  string: "string", regexp: "string", symbol: "string", char: "string", attr: "string", "template-tag": "string",
  comment: "comment", doc: "comment", quote: "comment",
  number: "number",
  addition: "add", deletion: "del",
};

export function highlightCode(line: string, lang: string): Span[] {
  if (lang === "diff" || lang === "patch") return [diffSpan(line)];
  if (lang === "text" || lang === "txt" || lang === "" || line === "") return [span(line, "code")];
  if (!lowlight) {
    void loadHighlighter();
    return [span(line, "code")];
  }
  if (!lowlight.registered(lang)) return [span(line, "code")];
  const out: Span[] = [];
  walk(lowlight.highlight(lang, line).children as HastNode[], "code", out);
  return out;
}

function walk(nodes: readonly HastNode[], style: Style, out: Span[]): void {
  for (const node of nodes) {
    if (node.type === "text") {
      const last = out.at(-1);
      if (last && last.style === style) out[out.length - 1] = span(last.text + node.value!, style);
      else out.push(span(node.value!, style));
    } else if (node.children) walk(node.children, scopeStyle(node.properties?.className) ?? style, out);
  }
}

function scopeStyle(className: unknown): Style | undefined {
  if (!Array.isArray(className)) return undefined;
  for (const name of className) {
    const scope = String(name).replace(/^hljs-/, "").split(/[._]/)[0]!;
    const style = SCOPES[String(name).replace(/^hljs-/, "")] ?? SCOPES[scope];
    if (style) return style;
  }
  return undefined;
}

/** One line of a unified diff, coloured by its first character. */
export function diffSpan(line: string): Span {
  if (line.startsWith("+++") || line.startsWith("---")) return span(line, "bold");
  if (line.startsWith("+")) return span(line, "add");
  if (line.startsWith("-")) return span(line, "del");
  if (line.startsWith("@@")) return span(line, "hunk");
  return span(line, "dim");
}
