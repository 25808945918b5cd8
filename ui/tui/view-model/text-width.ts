import { eastAsianWidth } from "get-east-asian-width";

/**
 * Columns a text takes in a terminal, and its user-perceived characters (grapheme clusters).
 *
 * string-width is the measure, but loading it costs ~40 ms (a grapheme segmenter and the
 * RGI-emoji regular expression are built when the module is evaluated), more than the whole
 * rest of the dashboard's first frame. Most text needs neither: in the code points of SIMPLE
 * every code point is a grapheme of its own, visible, and as wide as its East Asian Width
 * says, so such text is measured exactly without them (text-width.test.ts checks every one of
 * those code points, and random strings of them, against string-width and Intl.Segmenter).
 * The rest waits for loadTextWidths, which the dashboard calls right after its first frame
 * (and before it, when the first frame's own text needs it). Text measured before that is
 * measured code point by code point, as close as that gets.
 */
const SIMPLE = new RegExp(
  "^[\\x20-\\x7e\\xa0-\\xac\\xae-\\u02ff\\u0370-\\u0377\\u037a-\\u037f\\u0384-\\u038a\\u038c\\u038e-\\u03a1\\u03a3-\\u0482\\u048a-\\u052f" +
    "\\u2000-\\u200a\\u2010-\\u2027\\u2030-\\u205e\\u2070-\\u2071\\u2074-\\u208e\\u2090-\\u209c\\u20a0-\\u20c0" +
    "\\u2100-\\u218b\\u2190-\\u2426\\u2440-\\u244a\\u2460-\\u2b73\\u2b76-\\u2b95\\u2b97-\\u2bff" +
    "\\u3000-\\u3029\\u3030-\\u303f\\u3041-\\u3096\\u309b-\\u30ff\\u4e00-\\u9fff\\uac00-\\ud7a3\\uff01-\\uff9d]*$",
);
const ASCII = /^[\x20-\x7e]*$/;

let fullWidth: ((text: string) => number) | null = null;
let segmenter: Intl.Segmenter | null = null;
let loading: Promise<void> | null = null;

/** Loads the measure for any text (emoji sequences, combining marks, Hangul jamo…). */
export function loadTextWidths(): Promise<void> {
  loading ??= import("string-width").then((m) => {
    fullWidth = m.default;
    segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  });
  return loading;
}

/** Whether a text is measured exactly without loading anything. */
export function isSimpleText(text: string): boolean {
  return SIMPLE.test(text);
}

function codePointWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : eastAsianWidth(cp);
  }
  return w;
}

export function textWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  if (fullWidth && !SIMPLE.test(text)) return fullWidth(text);
  return codePointWidth(text);
}

/**
 * The user-perceived characters of a text (grapheme clusters: an emoji with its modifiers and
 * joiners, a letter with its combining marks), which is what a terminal gives one cell or two.
 */
export function graphemes(text: string): Iterable<string> {
  if (ASCII.test(text)) return text;
  const s = segmenter;
  if (!s || SIMPLE.test(text)) return text;
  return (function* () {
    for (const { segment } of s.segment(text)) yield segment;
  })();
}

/** Columns one grapheme takes in a terminal: 0 for zero-width ones, 2 for wide (CJK, emoji). */
export function graphemeWidth(grapheme: string): number {
  return grapheme.length === 1 && grapheme >= " " && grapheme <= "~" ? 1 : textWidth(grapheme);
}
