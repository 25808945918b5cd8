import { describe, expect, it } from "vitest";
import { printableLine, stripTerminalControls, TerminalTextFilter } from "./terminal-text.ts";

describe("stripTerminalControls", () => {
  it.each([
    ["OSC 52 clipboard write (BEL)", "a\x1b]52;c;ZXZpbA==\x07b", "ab"],
    ["OSC 52 clipboard write (ST)", "a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"],
    ["title change", "\x1b]0;pwned\x07title", "title"],
    ["screen clear and cursor home", "x\x1b[2J\x1b[Hy", "xy"],
    ["colours", "\x1b[31mred\x1b[0m", "red"],
    ["private mode (alternate screen)", "\x1b[?1049hz", "z"],
    ["DCS string", "\x1bPq#0;2;0;0;0\x1b\\ok", "ok"],
    ["8-bit CSI and OSC", "a\x9b2Jb\x9d52;c;eA==\x07c", "abc"],
    ["a reset (ESC c) and a charset switch", "\x1bc\x1b(0q", "q"],
    ["carriage return and backspace", "safe\rEVIL\bx", "safeEVILx"],
    ["a sequence cut off at the end", "text\x1b]52;c;ZXZp", "text"],
  ])("removes %s", (_name, input, expected) => {
    expect(stripTerminalControls(input)).toBe(expected);
  });

  it("keeps newlines, tabs and every printable character", () => {
    const text = "línea 1\n\tcode → 😀 ✓ [brackets] ]52; not a sequence";
    expect(stripTerminalControls(text)).toBe(text);
  });
});

describe("printableLine", () => {
  it("keeps text on its one line: controls removed, newlines and tabs made spaces", () => {
    expect(printableLine("evil\x1b[1A\x1b[2K\n  - read nothing\tat all\r")).toBe("evil   - read nothing at all");
  });
});

describe("TerminalTextFilter", () => {
  it("removes a sequence cut into pieces by the stream whole, printing nothing of it", () => {
    const filter = new TerminalTextFilter();
    const text = "Model says \x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;pwned\x1b\\\x1b[2Jfinished.";
    for (let size = 1; size <= 7; size++) {
      let out = "";
      for (let i = 0; i < text.length; i += size) out += filter.push(text.slice(i, i + size));
      filter.end();
      expect(out).toBe("Model says finished.");
    }
  });
});
