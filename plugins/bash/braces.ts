import type { Word } from "./shell-ast.ts";

/** Beyond this many words an expansion is not spelled out: the word is treated as unknown. */
const MAX_EXPANSION = 256;
const BRACES = /\{[^{}]*(,|\.\.)[^{}]*\}/;

/**
 * Brace expansion, which bash does before running a command: `{rm,-rf,x}` is the three
 * words `rm -rf x`. A plain word is expanded; a word that mixes braces with quotes or
 * expansions is marked dynamic (its words are not known here).
 */
export function expandBraces(word: Word): Word[] {
  if (!BRACES.test(word.raw)) return [word];
  const texts = word.raw === word.text && !word.dynamic ? braceWords(word.text) : null;
  if (!texts || texts.length > MAX_EXPANSION) return [{ ...word, dynamic: true, parts: [{ kind: "unknown" }] }];
  return texts.map((text) => ({ text, raw: text, dynamic: false, subs: word.subs, parts: [{ kind: "text", text }] }));
}

/** The words brace expansion makes of `text` (`{a,b}/x` is `a/x b/x`), or null when there are too many. */
export function braceWords(text: string): string[] | null {
  const found = firstGroup(text);
  if (!found) return [text];
  const { start, end, alternatives } = found;
  const out: string[] = [];
  for (const alternative of alternatives) {
    const rest = braceWords(text.slice(0, start) + alternative + text.slice(end + 1));
    if (!rest || out.length + rest.length > MAX_EXPANSION) return null;
    out.push(...rest);
  }
  return out;
}

/** The first `{a,b}` or `{1..3}` group, with what it stands for. */
function firstGroup(text: string): { start: number; end: number; alternatives: string[] } | null {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === "{") depth++;
      else if (c === "," && depth === 1) commas.push(i);
      else if (c === "}" && --depth === 0) {
        const inner = text.slice(start + 1, i);
        if (commas.length > 0) {
          const cuts = [start, ...commas, i];
          return { start, end: i, alternatives: cuts.slice(0, -1).map((cut, k) => text.slice(cut + 1, cuts[k + 1])) };
        }
        const sequence = range(inner);
        if (sequence) return { start, end: i, alternatives: sequence };
        break;
      }
    }
  }
  return null;
}

/** `1..5`, `a..e`, `10..1..3`: the sequence, or null when `inner` is not one. */
function range(inner: string): string[] | null {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(inner);
  if (!m) return null;
  const [, from, to, stepText] = m as unknown as [string, string, string, string | undefined];
  const numeric = /\d/.test(from);
  if (numeric !== /\d/.test(to)) return null;
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  const step = Math.max(1, Math.abs(Number(stepText ?? 1)));
  const out: string[] = [];
  // One value past the limit is enough for the caller to give up.
  for (let n = a; (a <= b ? n <= b : n >= b) && out.length <= MAX_EXPANSION; n += a <= b ? step : -step) {
    out.push(numeric ? String(n) : String.fromCharCode(n));
  }
  return out;
}
