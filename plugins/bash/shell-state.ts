import type { Word } from "./shell-ast.ts";

/** What the classifier knows of the shell while it reads a command: where it is, and variable values. */
export interface ShellState {
  /**
   * Where the shell may be: each relative to where the command starts ("" there), absolute or
   * `~/…`; several after a `cd` that may have failed (`cd sub; …`); null once unknown.
   */
  cwd: readonly string[] | null;
  /** Variables the command set: the value, or null when it is known only at run time. */
  readonly vars: Map<string, string | null>;
  /** True once something ran that may have set any variable or moved anywhere (a function call, `source`). */
  opaque: boolean;
}

/** Where the command starts, and what it can know without running anything. */
export interface ShellPlaces {
  /** The directory the command starts in (absolute): `$PWD` before any `cd`. */
  readonly projectRoot: string;
  /** Ursa's data directory: `$URSA_HOME`. */
  readonly dataDir: string;
}

export function initialState(): ShellState {
  return { cwd: [""], vars: new Map(), opaque: false };
}

export function cloneState(s: ShellState): ShellState {
  return { cwd: s.cwd, vars: new Map(s.vars), opaque: s.opaque };
}

/** What is known after either of two ways the command may have gone: what they agree on. */
export function mergeStates(a: ShellState, b: ShellState): ShellState {
  const vars = new Map<string, string | null>();
  for (const name of new Set([...a.vars.keys(), ...b.vars.keys()])) {
    const va = a.vars.has(name) ? a.vars.get(name)! : undefined;
    const vb = b.vars.has(name) ? b.vars.get(name)! : undefined;
    vars.set(name, va === vb && va !== undefined ? va : null);
  }
  return { cwd: eitherDirectory(a.cwd, b.cwd), vars, opaque: a.opaque || b.opaque };
}

/** More possible directories than this: unknown. */
const MAX_DIRECTORIES = 8;

/** The directories the shell may be in when it may be in `a` or `b`. */
export function eitherDirectory(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null || b === null) return null;
  const both = [...new Set([...a, ...b])];
  return both.length > MAX_DIRECTORIES ? null : both;
}

/** Copies `from` into `into` (a state object is shared by reference while a script is read). */
export function assignState(into: ShellState, from: ShellState): void {
  into.cwd = from.cwd;
  into.opaque = from.opaque;
  into.vars.clear();
  for (const [k, v] of from.vars) into.vars.set(k, v);
}

/** The value of `$name`, or null when only run time knows it. */
export function variable(state: ShellState, places: ShellPlaces, name: string): string | null {
  if (state.vars.has(name)) return state.vars.get(name)!;
  if (state.opaque) return null;
  switch (name) {
    case "HOME":
      return "~";
    case "PWD":
      return absoluteCwd(state, places);
    case "URSA_HOME":
      return places.dataDir;
    default:
      return null;
  }
}

function absoluteCwd(state: ShellState, places: ShellPlaces): string | null {
  if (state.cwd === null || state.cwd.length !== 1) return null;
  const cwd = state.cwd[0]!;
  if (cwd === "") return places.projectRoot;
  return cwd.startsWith("/") || cwd.startsWith("~") ? cwd : `${places.projectRoot}/${cwd}`;
}

/**
 * A word's value when everything in it can be known: literal text, `~` (as `~`, or `$HOME` once
 * the command set it), `$HOME`, `$PWD`, `$URSA_HOME`, and variables the command set earlier.
 * Null when any part is known only at run time (`~user`, `$(…)`, `${X:-y}`, `$1`).
 */
export function expandWord(word: Word, state: ShellState, places: ShellPlaces): string | null {
  let out = "";
  for (const part of word.parts) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "tilde") {
      if (part.user !== "") return null;
      const home = variable(state, places, "HOME");
      if (home === null) return null;
      out += home;
    } else if (part.kind === "variable") {
      const value = variable(state, places, part.name);
      if (value === null) return null;
      out += value;
    } else return null;
  }
  return out;
}
