import type { Word } from "./shell-ast.ts";

/** Builtins that declare variables: `NAME=value` assigns, a bare NAME keeps its value. */
const DECLARE = new Set(["export", "declare", "typeset", "local", "readonly"]);
/** Builtins that give the variables they name a value only run time knows. */
const SET_AT_RUN_TIME = new Set(["read", "mapfile", "readarray", "getopts", "printf", "unset", "let", "wait"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

/**
 * Reports the variables a builtin sets: `set(name, word)` with the `NAME=value` word to
 * expand, or `set(name, null)` when the value is known only at run time (`read D`,
 * `printf -v D`, `unset D`).
 */
export function setsVariables(command: string, args: readonly Word[], set: (name: string, value: Word | null) => void): void {
  const declare = DECLARE.has(command);
  if (!declare && !SET_AT_RUN_TIME.has(command)) return;
  for (const arg of args) {
    const assignment = ASSIGNMENT.exec(arg.text);
    if (assignment) {
      const valueWord = arg.text.includes("+=") || !declare ? null : { ...arg, parts: dropPrefix(arg, assignment[0]) };
      set(assignment[1]!, valueWord);
    } else if (NAME.test(arg.text) && !declare) set(arg.text, null);
  }
}

/** The parts of `NAME=value` after the `NAME=`. */
function dropPrefix(word: Word, prefix: string): Word["parts"] {
  const [first, ...rest] = word.parts;
  if (first?.kind !== "text" || !first.text.startsWith(prefix)) return [{ kind: "unknown" }];
  const text = first.text.slice(prefix.length);
  return text === "" ? rest : [{ kind: "text", text }, ...rest];
}
