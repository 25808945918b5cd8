import { hasLong, hasShort, operands, optionValue } from "./args.ts";
import { awkProgramEffect } from "./awk-program.ts";
import { literal, worst, type ArgsRule, type Rule, type RuleContext, type ShellEffect } from "./rule.ts";
import { sedScriptEffect } from "./sed-script.ts";

/** Commands that read files unless an option makes them write, delete or run something. */

/** `find … -delete` deletes; `-exec CMD {} ;` (and -execdir, -ok, -okdir) runs CMD per file; `-fprint FILE` writes. */
const find: Rule = {
  args(ctx) {
    let effect: ShellEffect = "read_only";
    const { args, texts } = ctx;
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      if (t === "-delete") return "destructive";
      if (["-exec", "-execdir", "-ok", "-okdir"].includes(t)) {
        let end = i + 1;
        while (end < texts.length && texts[end] !== ";" && texts[end] !== "+") end++;
        // {} is replaced by each file found: an argument known only at run time.
        const command = args.slice(i + 1, end).map((w) => (w.text.includes("{}") ? literal(w.text, true) : w));
        effect = worst(effect, ctx.run(command));
        i = end;
      } else if (["-fprint", "-fprint0", "-fprintf", "-fls"].includes(t)) {
        effect = worst(effect, ctx.write(texts[i + 1] ?? null));
      }
    }
    return effect;
  },
};

/** `fd … -x CMD` / `-X CMD` runs CMD on the files found. */
const fd: Rule = {
  args(ctx) {
    const i = ctx.texts.findIndex((t) => ["-x", "--exec", "-X", "--exec-batch"].includes(t));
    if (i < 0) return "read_only";
    const end = ctx.texts.indexOf(";", i + 1);
    return ctx.run(ctx.args.slice(i + 1, end < 0 ? undefined : end), { moreArgs: true });
  },
};

/**
 * Commands that create or replace files, reported like `>` targets so that a write outside
 * the project asks even in auto mode: `touch`/`mkdir` write every operand; `cp`, `ln` and
 * `install` their destination (the last operand, or `-t DIR`); `mv` its destination and its
 * sources, which it removes.
 */
const writesOperands: Rule = {
  args(ctx) {
    return worst("local_mutation", ...operands(ctx.texts, ["-m", "--mode"]).map((file) => ctx.write(file)));
  },
};

function writesDestination(removesSources: boolean): ArgsRule {
  return {
    args(ctx) {
      const files = operands(ctx.texts, ["-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"]);
      const directory = optionValue(ctx.texts, "-t", "--target-directory");
      const written = directory !== undefined ? [directory, ...(removesSources ? files : [])] : removesSources ? files : files.slice(-1);
      return worst("local_mutation", ...written.map((file) => ctx.write(file)));
    },
  };
}

const LINK_OPTIONS = ["-t", "--target-directory", "-S", "--suffix"];

/**
 * `ln [-s] TARGET… [LINK | DIR]`, `link TARGET LINK`, `cp -s`/`cp -l`: the link is written like
 * a file, and is a link for the rest of the command (`ln -s /elsewhere x && echo > x` writes
 * elsewhere). Whether the last operand is a directory is not known here, so both readings count.
 */
function makesLinks(): ArgsRule {
  return {
    args(ctx) {
      const texts = ctx.texts;
      const files = operands(texts, LINK_OPTIONS);
      const directory = optionValue(texts, "-t", "--target-directory");
      const sources = directory !== undefined ? files : files.length > 1 ? files.slice(0, -1) : files;
      const destination = directory ?? (files.length > 1 ? files[files.length - 1]! : ".");
      const effect = worst("local_mutation", ctx.write(destination));
      const names = sources.map((source) => `${destination.replace(/\/+$/, "")}/${source.replace(/\/+$/, "").split("/").pop()}`);
      for (const name of names) ctx.write(name);
      for (const name of directory === undefined && files.length > 1 ? [destination, ...names] : names) ctx.link(name);
      return effect;
    },
  };
}

/** `tee FILE…` writes each FILE. */
const tee: Rule = {
  args(ctx) {
    return worst(...operands(ctx.texts).map((file) => ctx.write(file)));
  },
};

/**
 * sed: the script may write files (`w`) or run commands (`e`); `-i` edits its file operands in
 * place, which are then judged and reported like `>` targets (so the engine can capture them
 * for undo). Options may follow operands, as GNU getopt allows.
 */
const sed: Rule = {
  args(ctx) {
    const texts = ctx.texts;
    let inPlace = false;
    const scripts: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      if (t === "--") {
        rest.push(...texts.slice(i + 1));
        break;
      }
      if (t === "--in-place" || t.startsWith("--in-place=")) inPlace = true;
      else if (t === "-f" || t === "--file" || t.startsWith("--file=")) return "local_mutation"; // a script we cannot see
      else if (t === "--expression") scripts.push(texts[++i] ?? "");
      else if (t.startsWith("--expression=")) scripts.push(t.slice("--expression=".length));
      else if (t === "--line-length") i++;
      else if (/^-[A-Za-z]/.test(t)) {
        // A cluster: -i takes the rest as a backup suffix, -e and -l the rest or the next argument.
        for (let j = 1; j < t.length; j++) {
          const c = t[j];
          if (c === "i") inPlace = true;
          else if (c === "f") return "local_mutation";
          else if (c === "e") scripts.push(t.slice(j + 1) || (texts[++i] ?? ""));
          else if (c === "l" && j === t.length - 1) i++;
          if (c === "i" || c === "e" || c === "l") break;
        }
      } else if (!t.startsWith("--")) rest.push(t);
    }
    if (scripts.length === 0 && rest.length > 0) scripts.push(rest.shift()!);
    const edits = inPlace ? rest.map((file) => ctx.write(file)) : [];
    return worst(inPlace ? "local_mutation" : "read_only", ...edits, ...scripts.map(sedScriptEffect));
  },
};

/** awk: the program may run commands or write files; gawk `-i inplace` edits files. */
const awk: Rule = {
  args(ctx) {
    const texts = ctx.texts;
    let effect: ShellEffect = "read_only";
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      if (t === "-f" || t === "--file" || t.startsWith("--file=")) return "local_mutation"; // a program we cannot see
      if (t === "-i" || t === "--include" || t.startsWith("--include=")) {
        const library = t.startsWith("--include=") ? t : texts[++i] ?? "";
        if (library.includes("inplace")) effect = "local_mutation";
      } else if (["-F", "-v", "--field-separator", "--assign"].includes(t)) i++;
      else if (t === "-e" || t === "--source" || t === "--") return worst(effect, awkProgramEffect(texts[i + 1] ?? ""));
      else if (!t.startsWith("-") || t === "-") return worst(effect, awkProgramEffect(t));
    }
    return effect;
  },
};

/** A reader that writes FILE when given one of `options` (`sort -o FILE`). */
function writesWithOption(...options: readonly string[]): Rule {
  return {
    args(ctx) {
      const file = optionValue(ctx.texts, ...options);
      return file === undefined ? "read_only" : ctx.write(file);
    },
  };
}

/** `uniq IN OUT` writes OUT. */
const uniq: Rule = {
  args(ctx) {
    const files = operands(ctx.texts, ["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"]);
    return files[1] === undefined ? "read_only" : ctx.write(files[1]);
  },
};

/** A reader that changes something when given one of `options` (`date -s`, `yq -i`). */
function changesWithOption(...options: readonly string[]): Rule {
  return { args: (ctx) => (ctx.texts.some((t) => options.some((o) => t === o || t.startsWith(`${o}=`))) ? "local_mutation" : "read_only") };
}

/** `hostname NAME` sets the host name. */
const hostname: Rule = { args: (ctx) => (operands(ctx.texts).length > 0 || hasLong(ctx.texts, "-F", "--file") ? "local_mutation" : "read_only") };

/** `rg --pre CMD` runs CMD on every file searched. */
const rg: Rule = {
  args(ctx: RuleContext) {
    const pre = optionValue(ctx.texts, "--pre");
    return pre === undefined ? "read_only" : ctx.run([literal(pre)], { moreArgs: true });
  },
};

/**
 * chmod: recursive, or on an absolute or home path (system files), it is destructive, as koda
 * treats `chmod -R … /`; `chmod +x script.sh` is an ordinary local change.
 */
const chmod: Rule = {
  args(ctx) {
    if (hasShort(ctx.texts, "R") || hasLong(ctx.texts, "--recursive")) return "destructive";
    const systemPath = operands(ctx.texts).some((p) => p.startsWith("/") || p.startsWith("~") || p === ".." || p.startsWith("../"));
    return systemPath ? "destructive" : "local_mutation";
  },
};

/** `crontab -r` removes the crontab; `-l` lists it; anything else installs one. */
const crontab: Rule = {
  args: (ctx) => (hasShort(ctx.texts, "r") ? "destructive" : hasShort(ctx.texts, "l") ? "read_only" : "local_mutation"),
};

export const FILE_COMMAND_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ["find", find],
  ["fd", fd],
  ["fdfind", fd],
  ["tee", tee],
  ["touch", writesOperands],
  ["mkdir", writesOperands],
  ["cp", { args: (ctx) => worst(writesDestination(false).args(ctx), hasShort(ctx.texts, "s") || hasShort(ctx.texts, "l") || hasLong(ctx.texts, "--symbolic-link", "--link") ? makesLinks().args(ctx) : "read_only") }],
  ["ln", makesLinks()],
  ["link", makesLinks()],
  ["install", writesDestination(false)],
  ["mv", writesDestination(true)],
  ["sed", sed],
  ["gsed", sed],
  ...["awk", "gawk", "mawk", "nawk"].map((name) => [name, awk] as const),
  ["sort", writesWithOption("-o", "--output")],
  ["tree", writesWithOption("-o")],
  ["less", writesWithOption("-o", "-O", "--log-file", "--LOG-FILE")],
  ["uniq", uniq],
  ["date", changesWithOption("-s", "--set")],
  ["yq", changesWithOption("-i", "--inplace")],
  ["hostname", hostname],
  ["rg", rg],
  ["chmod", chmod],
  ["crontab", crontab],
];
