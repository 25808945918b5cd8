import type * as Blessed from "blessed";

/** The two blessed widgets the dashboard draws with: everything is a box on a screen. */
export type BlessedParts = Pick<typeof Blessed, "box" | "screen">;

/**
 * Loads only blessed's screen and box (with what they need: the program, terminfo, tags and
 * colours). `require("blessed")` evaluates all 34 of its widgets, lists, forms, a terminal
 * emulator and image viewers among them, none of which Ursa uses: ~10 ms of the first frame
 * (docs/performance.md). blessed has no exports map, so its files are importable as they are.
 */
export async function loadBlessed(): Promise<BlessedParts> {
  const [screen, box] = await Promise.all([
    import("blessed/lib/widgets/screen.js"),
    import("blessed/lib/widgets/box.js"),
  ]);
  return { screen: screen.default, box: box.default };
}
