import { createRequire } from "node:module";
import type * as Blessed from "blessed";
import { BRACKETED_PASTE_ON } from "./keys.ts";
import { blessedTerminal } from "./terminal-colors.ts";

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

/**
 * Stops a labelled box from re-rendering the whole screen on the next tick each time it is
 * moved or resized (blessed does that to re-place the label of a scrolled box; ours never
 * scroll, and each frame is rendered once by the caller): placing the dashboard's panes for
 * its first frame triggered one full render per moved edge.
 */
export function quietLabel(box: Blessed.Widgets.BoxElement): void {
  const listener = (box as unknown as { _labelResize?: () => void })._labelResize;
  if (listener) box.removeListener("resize", listener);
}

/**
 * The screen the dashboard draws on, the skeleton's and the dashboard's alike, with bracketed
 * paste switched on. The process's terminal unless streams are given (in-process tests).
 */
export function openDashboardScreen(o: { input?: NodeJS.ReadStream | undefined; output?: NodeJS.WriteStream | undefined; terminal?: string | undefined } = {}): {
  blessed: BlessedParts;
  screen: Blessed.Widgets.Screen;
} {
  const blessed = loadBlessed();
  const terminal = o.terminal ?? blessedTerminal(process.env);
  const screen = blessed.screen({
    input: o.input ?? process.stdin,
    output: o.output ?? process.stdout,
    ...(terminal ? { terminal } : {}),
    smartCSR: true,
    fullUnicode: true,
    autoPadding: false,
    warnings: false,
    title: "ursa",
  });
  screen.program.write(BRACKETED_PASTE_ON);
  return { blessed, screen };
}
