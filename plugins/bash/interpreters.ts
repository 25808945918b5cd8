import type { Rule, RuleContext, ShellEffect, Stdin } from "./rule.ts";

/**
 * Shells and language interpreters. A shell's inline script (`sh -c '…'`) is read and judged
 * like any command; a script file we cannot see is local_mutation; a program read from a pipe
 * (`curl … | sh`) is destructive: nobody has seen that code. Inline code in another language
 * (`python -c`, `node -e`) is destructive, as in koda: this classifier cannot read it.
 */

/** `sh`, `bash`, `zsh`…: options, then `-c SCRIPT`, a script file, or a program on standard input. */
const shell: Rule = {
  custom(ctx) {
    const { args, texts } = ctx;
    let inline = false;
    let fromStdin = false;
    let i = 0;
    for (; i < texts.length; i++) {
      const t = texts[i]!;
      if (args[i]!.dynamic) return "destructive";
      if (t === "--" || t === "-") {
        fromStdin ||= t === "-";
        i++;
        break;
      }
      if (["-o", "+o", "-O", "+O", "--rcfile", "--init-file"].includes(t)) i++;
      else if (/^[-+][A-Za-z]+$/.test(t)) {
        inline ||= t.startsWith("-") && t.includes("c");
        fromStdin ||= t.startsWith("-") && t.includes("s");
      } else if (!t.startsWith("--")) break;
    }
    const operand = args[i];
    if (inline) {
      if (!operand) return "read_only"; // `sh -c` without a script fails before running anything
      return operand.dynamic ? "destructive" : ctx.runScript(operand.text);
    }
    if (operand && !fromStdin) return operand.dynamic ? "destructive" : "local_mutation";
    if (ctx.moreArgs) return "destructive";
    return programOnStdin(ctx, (text) => ctx.runScript(text));
  },
};

interface Language {
  /** True for an option that gives the program inline (`-c`, `-e`, `--eval`). */
  readonly inline: (option: string) => boolean;
  /** Options followed by a separate value. */
  readonly withValue?: readonly string[];
  /** Options that run an installed module with the rest of the arguments (`python -m`). */
  readonly module?: readonly string[];
}

function interpreter(language: Language): Rule {
  return {
    custom(ctx) {
      const { args, texts } = ctx;
      let i = 0;
      for (; i < texts.length; i++) {
        const t = texts[i]!;
        if (args[i]!.dynamic) return "destructive";
        if (t === "--") {
          i++;
          break;
        }
        if (!t.startsWith("-") || t === "-") break;
        if (language.inline(t)) return "destructive";
        if (language.module?.includes(t)) return "local_mutation";
        if (language.withValue?.includes(t)) i++;
      }
      const operand = args[i];
      if (operand && operand.text !== "-") return operand.dynamic ? "destructive" : "local_mutation";
      if (ctx.moreArgs) return "destructive";
      return programOnStdin(ctx, () => "destructive");
    },
  };
}

/** A program read from standard input: `judgeText` decides for a here-document we can read. */
function programOnStdin(ctx: RuleContext, judgeText: (text: string) => ShellEffect): ShellEffect {
  const stdin: Stdin = ctx.stdin;
  switch (stdin.kind) {
    case "pipe":
      return "destructive";
    case "text":
      return stdin.text.dynamic ? "destructive" : judgeText(stdin.text.text);
    case "file":
    case "none":
      return "local_mutation";
  }
}

const python = interpreter({ inline: (t) => /^-[A-Za-z]*c/.test(t), withValue: ["-W", "-X"], module: ["-m"] });
const node = interpreter({
  inline: (t) => /^-(e|p|pe|ep)$/.test(t) || /^--(eval|print)(=|$)/.test(t),
  withValue: ["-r", "--require", "--import", "--loader", "--input-type", "--conditions", "-C"],
});
const perl = interpreter({ inline: (t) => /^-[A-Za-z]*[eE]/.test(t), withValue: ["-I", "-M", "-m", "-x"] });
const ruby = interpreter({ inline: (t) => /^-[A-Za-z]*e/.test(t), withValue: ["-I", "-r", "-C", "-E"] });
const dashE = interpreter({ inline: (t) => t === "-e" || t === "--eval" });
const php = interpreter({ inline: (t) => ["-r", "-R", "-B", "-E", "-F"].includes(t), withValue: ["-c", "-d", "-f", "-t", "-z"] });
const powershell = interpreter({ inline: (t) => /^-(c|command|e|encodedcommand|ec)$/i.test(t) });

/** `deno eval …` runs inline code; any other subcommand runs files. */
const deno: Rule = { custom: (ctx) => (ctx.texts.find((t) => !t.startsWith("-")) === "eval" ? "destructive" : "local_mutation") };

export const INTERPRETER_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ...["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish"].map((name) => [name, shell] as const),
  ...["python", "python2", "python3", "pypy", "pypy3"].map((name) => [name, python] as const),
  ...["node", "nodejs", "bun"].map((name) => [name, node] as const),
  ["perl", perl],
  ["ruby", ruby],
  ["php", php],
  ...["lua", "luajit", "Rscript", "osascript"].map((name) => [name, dashE] as const),
  ...["pwsh", "powershell"].map((name) => [name, powershell] as const),
  ["deno", deno],
];
