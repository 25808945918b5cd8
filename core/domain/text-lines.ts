/** A text's lines: "a\nb\n" is two lines, not three (a final line break ends a line, it does not start one). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
