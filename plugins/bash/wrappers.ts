import { firstOperand, optionValue } from "./args.ts";
import { worst, type Rule, type RuleContext, type ShellEffect } from "./rule.ts";

/**
 * Commands that run another command (or shell source), judged by what they run, and the
 * shell builtins that change where later commands run.
 */

/** Runs the command after the options (those in `withValue` take a value) and `skip` more operands. */
function runWrapped(ctx: RuleContext, withValue: readonly string[] = [], skip = 0): ShellEffect {
  return ctx.run(ctx.args.slice(firstOperand(ctx.texts, withValue) + skip), { moreArgs: ctx.moreArgs });
}

function wrapper(withValue: readonly string[] = [], skip = 0): Rule {
  return { custom: (ctx) => runWrapped(ctx, withValue, skip) };
}

/**
 * `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]… [COMMAND]`; alone it prints the
 * environment. `-S` splits one string into a command line: judged as shell source.
 */
const env: Rule = {
  custom(ctx) {
    const texts = ctx.texts;
    let i = 0;
    while (i < texts.length) {
      const t = texts[i]!;
      if (t === "--") {
        i++;
        break;
      }
      if (t === "-S" || t === "--split-string") return splitString(ctx, i + 1);
      if (t.startsWith("--split-string=") || /^-S./.test(t)) return splitString(ctx, i, t.replace(/^(--split-string=|-S)/, ""));
      if (["-u", "--unset", "-C", "--chdir"].includes(t)) i += 2;
      else if (t.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i++;
      else break;
    }
    return ctx.run(ctx.args.slice(i), { moreArgs: ctx.moreArgs });
  },
};

/** The words from `from` on, joined; `first` replaces the first (the part attached to -S). */
function splitString(ctx: RuleContext, from: number, first?: string): ShellEffect {
  const words = ctx.args.slice(from);
  if (words.some((w) => w.dynamic)) return "destructive";
  const texts = words.map((w) => w.text);
  if (first !== undefined) texts[0] = first;
  return ctx.runScript(texts.join(" "));
}

/** `command -v NAME` looks a name up; `command NAME …` runs it. */
const command: Rule = {
  custom: (ctx) => (ctx.texts.slice(0, firstOperand(ctx.texts)).some((t) => /^-[pvV]*[vV]/.test(t)) ? "read_only" : runWrapped(ctx)),
};

const NPX_OPTIONS = ["-p", "--package", "-c", "--call", "-w", "--workspace"];

/** `npx [-p PKG] CMD ARGS…` runs CMD (`npx rimraf dist` is rimraf); `-c SCRIPT` runs shell source. */
const npx: Rule = {
  custom(ctx) {
    const script = optionValue(ctx.texts.slice(0, firstOperand(ctx.texts, NPX_OPTIONS)), "-c", "--call");
    return script === undefined ? runWrapped(ctx, NPX_OPTIONS) : ctx.runScript(script);
  },
};

const TIME_OPTIONS = ["-f", "--format", "-o", "--output"];

/** `time [-p] COMMAND`; GNU time's `-o FILE` writes its report to a file. */
const time: Rule = {
  custom(ctx) {
    const start = firstOperand(ctx.texts, TIME_OPTIONS);
    const report = optionValue(ctx.texts.slice(0, start), "-o", "--output");
    return worst(report === undefined ? "read_only" : ctx.write(report), runWrapped(ctx, TIME_OPTIONS));
  },
};

/** `ionice -p PID` changes another process; with a command it wraps it. */
const ionice: Rule = {
  custom: (ctx) => (ctx.texts.some((t) => ["-p", "-P", "-u"].includes(t)) ? "local_mutation" : runWrapped(ctx, ["-c", "-n"])),
};

/**
 * `xargs [OPTIONS] [COMMAND [ARGS]]` runs COMMAND (echo by default) with arguments read from
 * its input: judged as COMMAND with arguments unknown until run time, so `xargs cat` is
 * read-only and `xargs rm` destructive (koda calls every xargs local_mutation; seeing through
 * it is both more useful and stricter).
 */
const xargs: Rule = {
  custom(ctx) {
    const withValue = ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--arg-file", "--delimiter", "--max-args", "--max-lines", "--max-procs", "--max-chars", "--eof", "--process-slot-var"];
    return ctx.run(ctx.args.slice(firstOperand(ctx.texts, withValue)), { moreArgs: true, stdin: { kind: "none" } });
  },
};

/** `watch [OPTIONS] COMMAND…` runs its arguments joined, through `sh -c` (or directly with -x). */
const watch: Rule = {
  custom(ctx) {
    const start = firstOperand(ctx.texts, ["-n", "--interval", "-q", "--equexit"]);
    const rest = ctx.args.slice(start);
    if (ctx.texts.slice(0, start).some((t) => t === "-x" || t === "--exec")) return ctx.run(rest);
    return ctx.runScript(rest.map((w) => w.text).join(" "));
  },
};

/** `trap ACTION SIGNALS…`: ACTION is shell source run later. */
const trap: Rule = {
  custom(ctx) {
    const i = firstOperand(ctx.texts);
    const action = ctx.args[i];
    if (!action || i > 0) return "read_only"; // `trap`, `trap -p`, `trap -l` only print
    if (action.dynamic) return "destructive";
    return action.text === "-" ? "read_only" : ctx.runScript(action.text);
  },
};

/** `alias NAME=VALUE`: judged by VALUE, which runs where NAME is used later. */
const alias: Rule = {
  custom(ctx) {
    let effect: ShellEffect = "read_only";
    for (const word of ctx.args) {
      const eq = word.text.indexOf("=");
      if (eq < 0) continue;
      effect = worst(effect, word.dynamic ? "destructive" : ctx.runScript(word.text.slice(eq + 1)));
    }
    return effect;
  },
};

/** `source FILE` runs a file we cannot see. */
const source: Rule = {
  custom: (ctx) => (ctx.args.length === 0 ? "read_only" : ctx.args[0]!.dynamic ? "destructive" : "local_mutation"),
};

/**
 * `cd`, `pushd`, `popd`: where later relative paths are; the directory is reported as a path
 * the command uses. Without an operand cd goes home and pushd swaps the stack (unknown here).
 */
function changeDir(withoutOperand: string | null): Rule {
  return {
    custom(ctx) {
      let i = 0;
      while (i < ctx.texts.length && /^-[LPe@]+$/.test(ctx.texts[i]!)) i++;
      if (ctx.texts[i] === "--") i++;
      // The target as far as it can be known (`cd $HOME` is `cd ~`); a `$` left in it is unknown.
      const target = ctx.texts[i];
      ctx.cd(target === undefined ? withoutOperand : /^[-+]\d*$/.test(target) ? null : target);
      return "read_only";
    },
  };
}

export const WRAPPER_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ["env", env],
  ["command", command],
  ["builtin", wrapper()],
  ["exec", wrapper(["-a"])],
  ["nice", wrapper(["-n", "--adjustment"])],
  ["nohup", wrapper()],
  ["setsid", wrapper()],
  ["stdbuf", wrapper(["-i", "-o", "-e"])],
  ["timeout", wrapper(["-s", "--signal", "-k", "--kill-after"], 1)],
  ["time", time],
  ["ionice", ionice],
  ["xargs", xargs],
  ["npx", npx],
  ["bunx", npx],
  ["watch", watch],
  ["trap", trap],
  ["alias", alias],
  ["source", source],
  [".", source],
  ["cd", changeDir("~")],
  ["pushd", changeDir(null)],
  ["popd", changeDir(null)],
];
