import { braceWords } from "./braces.ts";
import type { ShellPlaces } from "./shell-state.ts";

/** More `cd` directories than this are not joined to the paths after them (the text is asked about anyway). */
const MAX_DIRECTORIES = 8;
/** Assignments beyond this many are not substituted into the text. */
const MAX_ASSIGNMENTS = 16;

/**
 * The paths in shell text the grammar could not read (an extglob `@(a|b)` anywhere in it is
 * enough), for the check that no command reaches Ursa's data directory. Nothing splits it into
 * words, so it is read as written and as bash would mostly spell it (quotes and backslashes
 * dropped, `$'…'` decoded, `$HOME` as `~`, `$XDG_DATA_HOME` as the data directory's parent,
 * each variable the text assigns substituted). Every token between spaces, quotes and
 * operators counts (see `tokens`), a brace list spelled out too, and every relative token is
 * also joined to each place a `cd` in the text may have gone (`cd ~/.local/share && cat
 * ursa/k`). Over-listing costs only a lookup: where such text works is never known (it is
 * always asked about).
 */
export function pathsInUnreadText(text: string, places: ShellPlaces): string[] {
  const read = readAsBash(text, places);
  const all = new Set<string>();
  for (const spelling of [text, read, ...withAssignments(read)]) {
    for (const token of tokens(spelling)) for (const word of braceWords(token) ?? [token]) all.add(word);
  }
  const words = [...all].filter((word) => word !== "" && !/[$`]/.test(word));
  const out = new Set(words.filter((word) => /^[~/.]/.test(word) || word.includes("/")));
  // Options and operators left between spaces (`-r`, `&&`) are no file names.
  const relative = words.filter((word) => !/^[~/&|;<>-]/.test(word));
  for (const dir of cdDirectories(read)) for (const word of relative) out.add(`${dir}/${word}`);
  // `$URSA_HOME`, `${URSA_HOME:-…}`: the data directory, whatever follows (as for words the grammar read).
  if (/\bURSA_HOME\b/.test(text)) out.add(places.dataDir);
  return [...out];
}

/**
 * Tokens between spaces, quotes and operators (`>`, `2>`, `&>`, `<(`, `$(`, `)`, backquotes,
 * `;`, `|`, `&&`, `=`), as a path written right against one (`x>~/.local/share/ursa/k`) names
 * it all the same. An extglob group (`@(ursa|x)`) stays part of its path, and a brace list
 * (`{ursa,x}`) too; the words between spaces are kept as well, for groups nested deeper than
 * that split leaves whole (`@(ursa|@(x|y))`). The alternatives of an extglob group are not
 * tried one by one: bash matches a group within one path segment only (`@(~/x|y)` never
 * reaches ~/x), and a group inside a segment is judged as a pattern.
 */
function tokens(text: string): string[] {
  const split = text.match(/(?:[@!?*+]\([^()\s'"`]*\)|[^\s'"`;:=()<>|&])+/g) ?? [];
  return [...new Set([...text.split(/[\s;'"]+/), ...split])];
}

/**
 * `text` with its quoting removed as bash removes it: `'…'` and `"…"` kept literally (a
 * backslash in double quotes escapes only `$`, backquote, `"`, `\` and newline), `$'…'`
 * decoded, a backslash elsewhere escaping the next character. Outside single quotes, `$HOME`
 * becomes `~` and `$XDG_DATA_HOME` the data directory's parent (Ursa's default place for it).
 */
function readAsBash(text: string, places: ShellPlaces): string {
  const xdgDataHome = places.dataDir.replace(/\/[^/]+\/?$/, "") || "/";
  let out = "";
  let quote: "'" | '"' | "$'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1] ?? "";
    if (quote === "'") {
      if (c === "'") quote = null;
      else out += c;
    } else if (quote === "$'") {
      if (c === "'") quote = null;
      else if (c === "\\") {
        const [decoded, used] = ansiEscape(text, i + 1);
        out += decoded;
        i += used;
      } else out += c;
    } else if (c === "\\") {
      if (quote === '"' && !/[$`"\\\n]/.test(next)) out += c;
      else if (next !== "\n") out += next;
      i++;
    } else if (c === '"') quote = quote === '"' ? null : '"';
    else if (quote === null && c === "'") quote = "'";
    else if (quote === null && c === "$" && (next === "'" || next === '"')) {
      quote = next === "'" ? "$'" : '"';
      i++;
    } else if (c === "$") {
      const name = /^(?:\{(HOME|XDG_DATA_HOME)\}|(HOME|XDG_DATA_HOME)(?![A-Za-z0-9_]))/.exec(text.slice(i + 1));
      const variable = name?.[1] ?? name?.[2];
      if (variable) {
        out += variable === "HOME" ? "~" : xdgDataHome;
        i += name![0].length;
      } else out += c;
    } else out += c;
  }
  return out;
}

/** The character a `$'…'` escape starting at `text[at]` (just after its backslash) stands for, and how many characters it used. */
function ansiEscape(text: string, at: number): [string, number] {
  const rest = text.slice(at);
  const numeric = /^(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3}))/.exec(rest);
  if (numeric) {
    const [all, hex, u4, u8, octal] = numeric as unknown as [string, string?, string?, string?, string?];
    const code = octal !== undefined ? parseInt(octal, 8) : parseInt((hex ?? u4 ?? u8)!, 16);
    return [code <= 0x10ffff ? String.fromCodePoint(code) : "", all.length];
  }
  const simple: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
  const c = rest[0] ?? "";
  return [simple[c] ?? c, c === "" ? 0 : 1];
}

/** `text` once per `NAME=value` it holds, with that variable's `$NAME` and `${NAME}` replaced by the value. */
function withAssignments(text: string): string[] {
  const assignments = [...text.matchAll(/(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=([^\s;&|()<>]*)/g)].slice(0, MAX_ASSIGNMENTS);
  return assignments.map(([, name, value]) => text.replace(new RegExp(`\\$(?:\\{${name}\\}|${name}(?![A-Za-z0-9_]))`, "g"), () => value!));
}

/**
 * Every directory a `cd` (or `pushd`) in `text` may have gone to, each relative target also
 * joined to the ones before it (`cd ~/.local && cd share`); a bare `cd` goes home. Relative
 * results are relative to where the command starts.
 */
function cdDirectories(text: string): string[] {
  let dirs: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;&|(){}])(?:cd|pushd)((?:\s+-[A-Za-z@]+)*(?:\s+--)?)(?:[ \t]+([^\s;&|()<>]+))?(?=[\s;&|()<>]|$)/g)) {
    const target = m[2] ?? "~";
    if (target === "-" || /[$`]/.test(target)) continue;
    const next = /^[~/]/.test(target) ? [target] : [target, ...dirs.map((dir) => `${dir}/${target}`)];
    dirs = [...new Set([...dirs, ...next])].slice(0, MAX_DIRECTORIES);
  }
  return dirs;
}
