import { createRequire } from "node:module";
import type * as Blessed from "blessed";

/** The two blessed widgets the dashboard draws with: everything is a box on a screen. */
export type BlessedParts = Pick<typeof Blessed, "box" | "screen">;

const requireBlessed = createRequire(import.meta.url);

/**
 * Loads only blessed's screen and box (with what they need: the program, terminfo, tags and
 * colours). `require("blessed")` evaluates all 34 of its widgets, lists, forms, a terminal
 * emulator and image viewers among them, none of which Ursa uses: ~10 ms of the first frame.
 * blessed has no exports map, so its files can be required one by one; `require` rather than
 * `import()`, which costs more than twice as much CPU for CommonJS files (measured: 50 against
 * 20 ms for these two, Node 20).
 */
export function loadBlessed(): BlessedParts {
  return {
    screen: requireBlessed("blessed/lib/widgets/screen.js") as BlessedParts["screen"],
    box: requireBlessed("blessed/lib/widgets/box.js") as BlessedParts["box"],
  };
}
