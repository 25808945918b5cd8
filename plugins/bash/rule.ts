import type { ToolEffect } from "#plugin-api";
import type { Word } from "./shell-ast.ts";

/** The effects a shell command can have, from harmless to needing a human. */
export type ShellEffect = Extract<ToolEffect, "read_only" | "local_mutation" | "destructive">;

const RANK: Readonly<Record<ShellEffect, number>> = { read_only: 0, local_mutation: 1, destructive: 2 };

export function worst(...effects: readonly ShellEffect[]): ShellEffect {
  let out: ShellEffect = "read_only";
  for (const effect of effects) if (RANK[effect] > RANK[out]) out = effect;
  return out;
}

/** Where a command's standard input comes from. */
export type Stdin =
  | { readonly kind: "none" }
  | { readonly kind: "pipe" }
  | { readonly kind: "file" }
  /** A here-document or here-string. */
  | { readonly kind: "text"; readonly text: Word };

/** What a rule may ask of the classifier while judging one command. */
export interface RuleContext {
  /** The arguments after the command name. */
  readonly args: readonly Word[];
  /** The arguments' values. */
  readonly texts: readonly string[];
  readonly stdin: Stdin;
  /** True when the command gets arguments not written here (`xargs CMD`, `find -exec CMD {}`). */
  readonly moreArgs: boolean;
  /** Judges a command this one runs (a wrapper's, xargs', find -exec's). */
  run(words: readonly Word[], options?: { readonly moreArgs?: boolean; readonly stdin?: Stdin }): ShellEffect;
  /** Judges shell source this command runs (sh -c, watch, trap); source it cannot read is destructive. */
  runScript(source: string): ShellEffect;
  /** A file this command writes (null: known only at run time), judged like a `>` redirection. */
  write(path: string | null): ShellEffect;
  /** Changes the working directory of the commands after it (null: known only at run time). */
  cd(path: string | null): void;
  /** A path this command reads or names in a way no word shows (`tar -C dir file` reads dir/file): none may be in Ursa's data directory. */
  names(path: string): void;
  /** A path this command makes into a link (call after `write`): writing through it later may land anywhere. */
  link(path: string): void;
}

/**
 * How a command is judged: a fixed effect whatever its arguments; `args`, by the options and
 * operands written (an argument known only at run time could be any option, so it makes
 * the result at least local_mutation); or `custom`, a rule that weighs such arguments itself
 * (wrappers, shells, cd).
 */
export type Rule = ShellEffect | ArgsRule | CustomRule;
export interface ArgsRule {
  readonly args: (ctx: RuleContext) => ShellEffect;
}
export interface CustomRule {
  readonly custom: (ctx: RuleContext) => ShellEffect;
}

export { literal } from "./shell-words.ts";
