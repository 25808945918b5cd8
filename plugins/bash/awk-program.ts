import type { ShellEffect } from "./rule.ts";

/**
 * What an awk program does besides printing: `system()` and pipes (`print | "cmd"`,
 * `"cmd" | getline`) run shell commands we cannot see (destructive); `print > "file"` writes a
 * file (local_mutation). String and regex literals are removed first, so `/a|b/` is a pattern.
 */
export function awkProgramEffect(program: string): ShellEffect {
  const code = withoutLiterals(program);
  if (/\bsystem\s*\(/.test(code) || /(^|[^|])\|(?!\|)/.test(code)) return "destructive";
  if (/\bprintf?\b[^;{}\n]*>/.test(code)) return "local_mutation";
  return "read_only";
}

function withoutLiterals(program: string): string {
  let out = "";
  // The last character that was not a blank: after an operand, `/` divides; elsewhere it starts a regex.
  let previous = "";
  let i = 0;
  while (i < program.length) {
    const c = program[i]!;
    if (c === '"' || (c === "/" && !/[A-Za-z0-9_)\]$]/.test(previous))) {
      i = endOfLiteral(program, i + 1, c);
      out += `${c}${c}`;
      previous = c;
    } else if (c === "#") {
      while (i < program.length && program[i] !== "\n") i++;
    } else {
      out += c;
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  return out;
}

function endOfLiteral(program: string, start: number, quote: string): number {
  let i = start;
  while (i < program.length) {
    if (program[i] === "\\") i += 2;
    else if (program[i] === quote) return i + 1;
    else i++;
  }
  return i;
}
