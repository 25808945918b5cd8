import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { graphemes, graphemeWidth, isSimpleText, loadTextWidths, textWidth } from "./text-width.ts";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const segments = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);

/** Every BMP code point the fast path measures on its own. */
const SIMPLE_CODE_POINTS: number[] = [];
for (let cp = 0; cp <= 0xffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  if (isSimpleText(String.fromCharCode(cp))) SIMPLE_CODE_POINTS.push(cp);
}

describe("text widths", () => {
  // Runs first, while string-width is not loaded: the fast path alone must be exact.
  it("measures every simple code point as string-width does, before anything is loaded", () => {
    // Not loaded yet: measured code point by code point, a combining mark is a column of its own.
    expect(textWidth("e\u0301")).toBe(2);
    expect(SIMPLE_CODE_POINTS.length).toBeGreaterThan(30_000);
    const wrong = SIMPLE_CODE_POINTS.filter((cp) => textWidth(String.fromCharCode(cp)) !== stringWidth(String.fromCharCode(cp)));
    expect(wrong.map((cp) => cp.toString(16))).toEqual([]);
  });

  it("keeps every simple code point a grapheme of its own, next to any other", () => {
    const simpleText = fc.array(fc.constantFrom(...SIMPLE_CODE_POINTS), { maxLength: 24 }).map((cps) => String.fromCharCode(...cps));
    fc.assert(
      fc.property(simpleText, (text) => {
        expect(isSimpleText(text)).toBe(true);
        expect(textWidth(text)).toBe(stringWidth(text));
        expect([...graphemes(text)]).toEqual(segments(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("tells apart the text the fast path cannot measure", () => {
    for (const text of ["e\u0301", "👍", "👍🏽", "a\u200db", "\u1100\u1161", "☀\ufe0f", "\t", "\u00ad", "ｶﾞ"]) expect(isSimpleText(text), text).toBe(false);
  });

  it("measures any text as string-width does once loaded", async () => {
    // Before loading, a combining mark counts as a column of its own (after, as none: checked below).
    expect(textWidth("e\u0301")).toBe(2);
    await loadTextWidths();
    for (const text of ["e\u0301", "👍", "👍🏽", "👩‍👩‍👧", "\u1100\u1161", "☀\ufe0f", "ｶﾞ", "日本語 and ascii", "🇫🇷"]) {
      expect(textWidth(text), text).toBe(stringWidth(text));
      expect([...graphemes(text)], text).toEqual(segments(text));
    }
    expect(graphemeWidth("👍🏽")).toBe(2);
    expect(graphemeWidth("a")).toBe(1);
  });
});
