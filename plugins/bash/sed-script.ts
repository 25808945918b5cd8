import { worst, type ShellEffect } from "./rule.ts";

/** Commands that take no argument, or only a number. */
const PLAIN = new Set("=dDgGhHlLnNpPqQxzF".split(""));
/** Commands whose argument (text, file or label) runs to the end of the line. */
const TO_END_OF_LINE = new Set("rR:#".split(""));
/** Commands whose text runs to the end of the line, and on while a line ends with a backslash. */
const TEXT = new Set("aic".split(""));
/** Commands whose label ends at a semicolon as well. */
const LABELLED = new Set("btTv".split(""));

/**
 * What a sed script does besides printing: `w`/`W` and the `w` flag of `s` write files
 * (local_mutation); `e` and the `e` flag of `s` run shell commands (destructive: sed gives no
 * way to see them). A command this reader does not know makes it local_mutation.
 */
export function sedScriptEffect(script: string): ShellEffect {
  let effect: ShellEffect = "read_only";
  let i = 0;
  const toEndOfLine = (stops: string) => {
    while (i < script.length && !stops.includes(script[i]!)) i++;
  };
  while (i < script.length) {
    i = skipAddress(script, i);
    if (i >= script.length) break;
    const c = script[i++]!;
    if (" \t\n;{}!".includes(c)) continue;
    if (c === "s" || c === "y") {
      const delimiter = script[i++] ?? "";
      i = skipDelimited(script, skipDelimited(script, i, delimiter), delimiter);
      if (c === "y") continue;
      const flags = /^[A-Za-z0-9]*/.exec(script.slice(i))![0];
      i += flags.length;
      if (flags.includes("e")) effect = "destructive";
      if (flags.includes("w")) {
        effect = worst(effect, "local_mutation");
        toEndOfLine("\n");
      }
    } else if (c === "w" || c === "W") {
      effect = worst(effect, "local_mutation");
      toEndOfLine("\n");
    } else if (c === "e") return "destructive";
    else if (TEXT.has(c)) {
      do toEndOfLine("\n");
      while (script[i - 1] === "\\" && ++i < script.length);
    } else if (TO_END_OF_LINE.has(c)) toEndOfLine("\n");
    else if (LABELLED.has(c)) toEndOfLine(";\n");
    else if (PLAIN.has(c)) while (/[0-9]/.test(script[i] ?? "")) i++;
    else effect = worst(effect, "local_mutation");
  }
  return effect;
}

/** Skips blanks and an address (`3`, `$`, `/re/I`, `\cREc`, `1,5`, `0~2`, `addr,+3`). */
function skipAddress(script: string, start: number): number {
  let i = start;
  for (;;) {
    const c = script[i] ?? "";
    if (c === "/") i = skipDelimited(script, i + 1, "/");
    else if (c === "\\" && i + 1 < script.length) i = skipDelimited(script, i + 2, script[i + 1]!);
    else if (/[0-9$,~+ \t]/.test(c) && c !== "") i++;
    else if ((c === "I" || c === "M") && script[i - 1] === "/") i++;
    else return i;
  }
}

/** The index after the next unescaped `delimiter`. */
function skipDelimited(script: string, start: number, delimiter: string): number {
  let i = start;
  while (i < script.length) {
    if (script[i] === "\\") i += 2;
    else if (script[i] === delimiter) return i + 1;
    else i++;
  }
  return i;
}
