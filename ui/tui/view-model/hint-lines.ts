import { span, textOf, truncateLine, type StyledLine } from "./styled.ts";
import { textWidth } from "./text-width.ts";

const SEPARATOR = " · ";

/**
 * A dialog's key hints ("y approve · n reject · …") laid out in `width` columns: whole hints
 * wrap to the next line instead of being cut, so every key stays visible; only a single hint
 * wider than a line is shortened (with "…").
 */
export function hintLines(hint: string, width: number): StyledLine[] {
  const lines: string[] = [];
  for (const item of hint.split(SEPARATOR)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(last + SEPARATOR + item) <= width) lines[lines.length - 1] = last + SEPARATOR + item;
    else lines.push(item);
  }
  return lines.map((line) => [span(textOf(truncateLine([span(line)], width)), "accent")]);
}
