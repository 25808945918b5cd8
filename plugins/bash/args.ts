/** Helpers for reading command-line options the way most programs (getopt) do. */

/** True when short option `letter` is given, alone or in a cluster (`-fd` gives f and d). */
export function hasShort(texts: readonly string[], letter: string): boolean {
  return options(texts).some((t) => /^-[A-Za-z0-9]+$/.test(t) && t.slice(1).includes(letter));
}

/** True when one of the long options is given, bare or as `--name=value`. */
export function hasLong(texts: readonly string[], ...names: readonly string[]): boolean {
  return options(texts).some((t) => names.some((name) => t === name || t.startsWith(`${name}=`)));
}

/**
 * The value of option `name`, if given: `--output FILE`, `--output=FILE`, and for a short
 * option `-o FILE`, `-oFILE` and in a cluster of flags, `-rno FILE`.
 */
export function optionValue(texts: readonly string[], ...names: readonly string[]): string | undefined {
  const opts = options(texts);
  for (let i = 0; i < opts.length; i++) {
    const t = opts[i]!;
    for (const name of names) {
      if (t === name) return texts[i + 1];
      if (name.startsWith("--")) {
        if (t.startsWith(`${name}=`)) return t.slice(name.length + 1);
        continue;
      }
      if (t.startsWith("--") || !t.startsWith("-")) continue;
      const at = t.indexOf(name.slice(1), 1);
      if (at < 0 || !/^[A-Za-z]*$/.test(t.slice(1, at))) continue;
      return t.slice(at + name.length - 1) || texts[i + 1];
    }
  }
  return undefined;
}

/** Index of the first operand: options are skipped, with the value of those in `withValue`; `--` ends them. */
export function firstOperand(texts: readonly string[], withValue: readonly string[] = []): number {
  let i = 0;
  while (i < texts.length) {
    const t = texts[i]!;
    if (t === "--") return i + 1;
    if (!t.startsWith("-") || t === "-") return i;
    i += withValue.includes(t) ? 2 : 1;
  }
  return i;
}

/** The operands (non-options), skipping the values of options in `withValue`. */
export function operands(texts: readonly string[], withValue: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    if (t === "--") return [...out, ...texts.slice(i + 1)];
    if (!t.startsWith("-") || t === "-") out.push(t);
    else if (withValue.includes(t)) i++;
  }
  return out;
}

/** The arguments before `--`, where options can be. */
function options(texts: readonly string[]): readonly string[] {
  const end = texts.indexOf("--");
  return end < 0 ? texts : texts.slice(0, end);
}
