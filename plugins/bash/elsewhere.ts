import { firstOperand, operands } from "./args.ts";
import { worst, type Rule, type RuleContext, type ShellEffect } from "./rule.ts";

/**
 * Commands that run a command somewhere else: on another machine (`ssh`) or in a container
 * (`docker run`/`exec`, `kubectl exec`), where a bind-mounted project is as easy to delete as
 * a local one. Starting something elsewhere is at least a local mutation.
 *
 * `docker run` has too many options to parse reliably (over a hundred), so every position
 * where its command could begin is tried and the worst verdict counts:
 * `docker run --platform linux/amd64 alpine rm -rf /w` is destructive whichever word is the
 * image. That can over-ask (`docker run --name kill …`) rather than under-ask.
 */
function worstFromAnyStart(ctx: RuleContext, from: number): ShellEffect {
  let out: ShellEffect = "local_mutation";
  for (let start = from; start < ctx.args.length && out !== "destructive"; start++) {
    // `-v $PWD:/w`: a word known only at run time right after an option is taken as its value.
    if (ctx.args[start]!.dynamic && ctx.texts[start - 1]?.startsWith("-")) continue;
    out = worst(out, ctx.run(ctx.args.slice(start)));
  }
  return out;
}

/** ssh's options that take a value (`man ssh`: the letters in `[-B bind_interface] …`). */
const SSH_OPTIONS = [..."BbcDEeFIiJLlmOoPpQRSWw"].map((letter) => `-${letter}`);

/** `-o` settings that run a command on this machine. */
const LOCAL_COMMAND_SETTING = /^(ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand)\b/i;

/**
 * `ssh [options] host [options] [--] [command…]` (ssh reads options after the host too): the
 * remote command is shell source, run by the remote shell.
 */
const ssh: Rule = {
  custom(ctx) {
    const texts = ctx.texts;
    const setting = (i: number) => (texts[i] === "-o" ? (texts[i + 1] ?? "") : texts[i]!.startsWith("-o") ? texts[i]!.slice(2) : "");
    if (texts.some((_, i) => LOCAL_COMMAND_SETTING.test(setting(i)))) return "destructive";
    const host = firstOperand(texts, SSH_OPTIONS);
    const words = ctx.args.slice(host + 1 + firstOperand(texts.slice(host + 1), SSH_OPTIONS));
    if (words.length === 0) return "local_mutation";
    // A command known only at run time could be anything.
    if (words.some((w) => w.dynamic)) return "destructive";
    return worst("local_mutation", ctx.runScript(words.map((w) => w.text).join(" ")));
  },
};

/**
 * `docker run … image [command…]` and `docker exec … container command…` (also under
 * `docker container` and `docker compose`); null for the other subcommands. `withValue`: the global options that
 * take a value.
 */
export function containerCommand(ctx: RuleContext, withValue: readonly string[]): ShellEffect | null {
  const path = operands(ctx.texts, withValue);
  const group = path[0] === "container" || path[0] === "compose" ? path[0] : null;
  const name = path[group ? 1 : 0];
  if (name !== "run" && name !== "exec") return null;
  // The command can only begin after the subcommand.
  const from = ctx.texts.indexOf(name, group ? ctx.texts.indexOf(group) + 1 : 0) + 1;
  return worstFromAnyStart(ctx, from);
}

/** `kubectl exec|run|debug … -- command…`: what follows `--` runs in the pod. */
export function podCommand(ctx: RuleContext): ShellEffect {
  const dashes = ctx.texts.indexOf("--");
  return dashes < 0 ? "local_mutation" : worst("local_mutation", ctx.run(ctx.args.slice(dashes + 1)));
}

export const ELSEWHERE_RULES: ReadonlyArray<readonly [string, Rule]> = [["ssh", ssh]];
