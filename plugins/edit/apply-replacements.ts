import { closestMatchHint } from "./closest-match.ts";
import { findPlaceholder } from "./placeholder.ts";

export interface Replacement {
  readonly old_str: string;
  readonly new_str: string;
  readonly replace_all?: boolean;
}

export type Applied = { readonly ok: true; readonly text: string; readonly count: number } | { readonly ok: false; readonly error: string };

/**
 * Applies the replacements in order, each to the result of the one before, all in memory: the
 * caller writes only when every one succeeded. `count` is the number of occurrences replaced.
 */
export function applyReplacements(original: string, replacements: readonly Replacement[]): Applied {
  let text = original;
  let count = 0;
  for (const [i, replacement] of replacements.entries()) {
    const label = replacements.length > 1 ? `replacement ${i + 1} of ${replacements.length}: ` : "";
    const applied = applyOne(text, replacement, i > 0);
    if (!applied.ok) {
      const nothing = replacements.length > 1 ? " None of the replacements were applied; the file is unchanged." : "";
      return { ok: false, error: `${label}${applied.error}${nothing}` };
    }
    text = applied.text;
    count += applied.count;
  }
  return { ok: true, text, count };
}

function applyOne(text: string, replacement: Replacement, afterOthers: boolean): Applied {
  const { old_str: oldStr, new_str: newStr } = replacement;
  if (oldStr === "") return { ok: false, error: "old_str is empty. To create a file or replace all of it, use Write." };
  if (oldStr === newStr) return { ok: false, error: "old_str and new_str are identical, so there is nothing to change." };
  const placeholder = findPlaceholder(newStr, oldStr);
  if (placeholder !== null) {
    return { ok: false, error: `new_str contains the placeholder "${placeholder}". Edit writes new_str literally, so that would delete code: give the complete text.` };
  }
  const [find, replace] = matchLineEndings(text, oldStr, newStr);
  const positions = occurrences(text, find);
  const after = afterOthers ? " (after the earlier replacements)" : "";
  if (positions.length === 0) return { ok: false, error: `old_str was not found in the file${after}. ${closestMatchHint(text, oldStr)}` };
  if (positions.length > 1 && !replacement.replace_all) {
    const lines = lineNumbers(text, positions).join(", ");
    return {
      ok: false,
      error: `old_str matches ${positions.length} times${after}, at lines ${lines}. Include more surrounding lines to make it unique, or set replace_all: true to replace every occurrence.`,
    };
  }
  // split/join rather than String.replace, whose replacement string gives `$&` and `$1` meanings.
  return { ok: true, text: text.split(find).join(replace), count: positions.length };
}

/**
 * Models write "\n" even when the file uses "\r\n"; when old_str as written is absent from a
 * CRLF file, both strings are matched in the file's convention instead.
 */
function matchLineEndings(text: string, oldStr: string, newStr: string): [string, string] {
  if (!text.includes("\r\n") || !oldStr.includes("\n") || oldStr.includes("\r") || text.includes(oldStr)) return [oldStr, newStr];
  const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
  return [crlf(oldStr), crlf(newStr)];
}

/** Start offsets of the non-overlapping occurrences, left to right (what split finds). */
function occurrences(text: string, find: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) found.push(at);
  return found;
}

/** 1-based line numbers of ascending offsets, in one pass over the text. */
function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let scanned = 0;
  for (const offset of offsets) {
    for (; scanned < offset; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    lines.push(line);
  }
  return lines;
}
